//! eksnet's Terraform applied with the real AWS provider to moto's server on
//! 127.0.0.1, for every architecture and NAT mode (5 AZs, a transit gateway
//! and the China partition folded in): the README's collection script and
//! `eksnet doctor` must find every node subnet healthy, a second plan must
//! change no network resource, and destroy must leave nothing; the state of
//! the layout before the Terraform module is moved into it, nothing
//! replaced. The cases, the
//! resource types moto cannot create and each moto gap worked around are in
//! tests/roundtrip/terraform_moto.py.

/// The case names of terraform_moto.py, each of which must report itself
/// destroyed at the end of its round trip.
const CASES: &[&str] = &[
    "public-only",
    "public-private-single",
    "public-private-per-az",
    "public-private-nat-none",
    "private-only-tgw",
    "fully-private-china",
];

#[test]
fn terraform_apply_doctor_plan_destroy_through_moto() {
    let (Some(python), Some(terraform), Some(mirror)) = (
        crate::support::tool("EKSNET_MOTO_PYTHON"),
        crate::support::tool("EKSNET_TERRAFORM"),
        crate::support::tool("EKSNET_TF_MIRROR"),
    ) else {
        return;
    };
    let out = crate::support::moto_script(&python, "tests/roundtrip/terraform_moto.py")
        .env("EKSNET_TERRAFORM", terraform)
        .env("EKSNET_TF_MIRROR", mirror)
        .env("EKSNET_TF_ROUNDTRIP_CASES", CASES.join(","))
        .output()
        .expect("runs the Terraform round trip");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "Terraform round trip failed:\n{err}");
    for case in CASES {
        for step in [
            "doctor: healthy",
            "plan: no change to any network resource",
            "destroyed (as expected)",
        ] {
            assert!(
                err.contains(&format!("tf-roundtrip: {case}: {step}")),
                "{case}: no {step:?} in\n{err}"
            );
        }
    }
    // The upgrade from the layout before the module: moved, not replaced.
    assert!(
        err.contains("tf-roundtrip: public-only: upgrade from the old layout: ")
            && err.contains("resources moved into module.eksnet, none replaced"),
        "{err}"
    );
    // Day two: a fourth zone, regenerated over the lock, replaces no subnet.
    assert!(
        err.contains("tf-roundtrip: public-private-single: add an AZ: no subnet replaced"),
        "{err}"
    );
    // The resources moto cannot create are named, never silently dropped.
    assert!(
        err.contains("not applied (no moto API): aws_eks_access_entry.admin, aws_eks_access_policy_association.admin"),
        "{err}"
    );
}
