//! The managed node group's AMI type, from its instance types.
//!
//! Without an AMI type EKS assumes x86_64 and refuses a Graviton instance type
//! ("not a valid instance type for requested amiType AL2023_x86_64_STANDARD"),
//! so every format writes it. The choice follows eksctl's `GetAMIType` for
//! Amazon Linux 2023: the CPU architecture, then NVIDIA or Neuron accelerators.
//!
//! Sources: EKS API reference `Nodegroup.amiType`; eksctl v0.230.0
//! `pkg/apis/eksctl.io/v1alpha5/amitype.go` and its instance type table
//! (families read 2026-12).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Arm64,
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Accelerator {
    None,
    Nvidia,
    Neuron,
}

/// Families with NVIDIA GPUs (g5g is Graviton, the others x86_64). AMD GPUs
/// (g4ad) take the standard AMI, as eksctl does.
/// p3 (V100) is not in eksctl's table, which would give it the standard AMI
/// and no GPU driver; p6e-gb200 is Grace (arm64) with Blackwell GPUs.
const NVIDIA_FAMILIES: &[&str] = &[
    "g4dn",
    "g5",
    "g5g",
    "g6",
    "g6e",
    "g6f",
    "g7",
    "g7e",
    "gr6",
    "gr6f",
    "p3",
    "p3dn",
    "p4d",
    "p4de",
    "p5",
    "p5e",
    "p5en",
    "p6-b200",
    "p6-b300",
    "p6e-gb200",
];

/// AWS Inferentia and Trainium families (all x86_64).
const NEURON_FAMILIES: &[&str] = &["inf1", "inf2", "trn1", "trn1n", "trn2"];

/// The family of an instance type: `m7g` of `m7g.large`.
pub fn family(instance_type: &str) -> &str {
    instance_type.split('.').next().unwrap_or(instance_type)
}

/// The CPU architecture of an instance type. EC2 names Graviton families
/// with a `g` among the letters after the generation (`m7g`, `c6gn`,
/// `is4gen`, `x2gd`, `g5g`); `a1` is the first Graviton; a `-gb` suffix
/// (`p6e-gb200`) is NVIDIA's Grace CPU, also arm64.
pub fn arch(instance_type: &str) -> Arch {
    let family = family(instance_type);
    let mut parts = family.split('-');
    let base = parts.next().unwrap_or(family);
    let grace = parts.any(|p| p.starts_with("gb"));
    let after_series = base.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let options = after_series.trim_start_matches(|c: char| c.is_ascii_digit());
    if base == "a1" || grace || options.contains('g') {
        Arch::Arm64
    } else {
        Arch::X86_64
    }
}

pub fn accelerator(instance_type: &str) -> Accelerator {
    let family = family(instance_type);
    if NVIDIA_FAMILIES.contains(&family) {
        Accelerator::Nvidia
    } else if NEURON_FAMILIES.contains(&family) {
        Accelerator::Neuron
    } else {
        Accelerator::None
    }
}

/// Why one node group cannot hold these instance types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// x86_64 and arm64 types: one AMI cannot boot both.
    Arch { x86_64: String, arm64: String },
    /// NVIDIA and Neuron types need different AMIs.
    Accelerators { nvidia: String, neuron: String },
}

/// Every Amazon Linux 2023 AMI type `ami_type` can give (the EKS API has no
/// arm64 Neuron type).
pub const AL2023_AMI_TYPES: &[&str] = &[
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
    "AL2023_x86_64_NEURON",
];

/// The Amazon Linux 2023 AMI type for a node group of these instance types
/// (`AL2023_x86_64_STANDARD` for an empty list, EKS's own default).
pub fn ami_type(instance_types: &[String]) -> Result<&'static str, Mismatch> {
    let first_of = |want: &dyn Fn(&str) -> bool| {
        instance_types
            .iter()
            .find(|i| want(i))
            .cloned()
            .unwrap_or_default()
    };
    let arm = instance_types.iter().any(|i| arch(i) == Arch::Arm64);
    let x86 = instance_types.iter().any(|i| arch(i) == Arch::X86_64);
    if arm && x86 {
        return Err(Mismatch::Arch {
            x86_64: first_of(&|i| arch(i) == Arch::X86_64),
            arm64: first_of(&|i| arch(i) == Arch::Arm64),
        });
    }
    let has = |a: Accelerator| instance_types.iter().any(|i| accelerator(i) == a);
    let (nvidia, neuron) = (has(Accelerator::Nvidia), has(Accelerator::Neuron));
    if nvidia && neuron {
        return Err(Mismatch::Accelerators {
            nvidia: first_of(&|i| accelerator(i) == Accelerator::Nvidia),
            neuron: first_of(&|i| accelerator(i) == Accelerator::Neuron),
        });
    }
    Ok(match (arm, nvidia, neuron) {
        (false, false, false) => "AL2023_x86_64_STANDARD",
        (false, true, _) => "AL2023_x86_64_NVIDIA",
        (false, _, true) => "AL2023_x86_64_NEURON",
        (true, false, _) => "AL2023_ARM_64_STANDARD",
        (true, true, _) => "AL2023_ARM_64_NVIDIA",
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn grace_and_volta_gpus_get_the_nvidia_ami() {
        let one = |t: &str| ami_type(&[t.to_string()]).unwrap();
        assert_eq!(one("p3.2xlarge"), "AL2023_x86_64_NVIDIA");
        assert_eq!(one("p6e-gb200.36xlarge"), "AL2023_ARM_64_NVIDIA");
        assert_eq!(one("p6-b200.48xlarge"), "AL2023_x86_64_NVIDIA");
    }

    use super::*;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Every Graviton family of eksctl v0.230.0's instance type table.
    const GRAVITON: &[&str] = &[
        "a1", "c6g", "c6gd", "c6gn", "c7g", "c7gd", "c7gn", "c8g", "c8gb", "c8gd", "c8gn", "c9g",
        "c9gd", "g5g", "hpc7g", "i4g", "i8g", "i8ge", "im4gn", "is4gen", "m6g", "m6gd", "m7g",
        "m7gd", "m8g", "m8gb", "m8gd", "m8gn", "m9g", "m9gd", "r6g", "r6gd", "r7g", "r7gd", "r8g",
        "r8gb", "r8gd", "r8gn", "t4g", "x2gd", "x8g",
    ];

    #[test]
    fn graviton_families_are_arm64_and_others_x86_64() {
        for f in GRAVITON {
            assert_eq!(arch(&format!("{f}.large")), Arch::Arm64, "{f}");
        }
        for f in [
            "m5", "m7i", "c6in", "r5dn", "g4dn", "g4ad", "p5en", "p6-b200", "inf2", "trn1n", "t3",
            "u-6tb1", "x2iedn", "i4i", "dl2q", "hpc7a",
        ] {
            assert_eq!(arch(&format!("{f}.large")), Arch::X86_64, "{f}");
        }
    }

    #[test]
    fn ami_type_follows_arch_then_accelerator() {
        let ok = |l: &[&str]| ami_type(&types(l)).unwrap();
        assert_eq!(ok(&["m5.large", "m6i.large"]), "AL2023_x86_64_STANDARD");
        assert_eq!(ok(&["m7g.large", "c7g.large"]), "AL2023_ARM_64_STANDARD");
        assert_eq!(ok(&["g5.xlarge"]), "AL2023_x86_64_NVIDIA");
        assert_eq!(ok(&["m5.large", "g5.xlarge"]), "AL2023_x86_64_NVIDIA");
        assert_eq!(ok(&["g5g.xlarge"]), "AL2023_ARM_64_NVIDIA");
        assert_eq!(ok(&["inf2.xlarge", "trn1.2xlarge"]), "AL2023_x86_64_NEURON");
        assert_eq!(ok(&["g4ad.xlarge"]), "AL2023_x86_64_STANDARD");
        assert_eq!(ok(&[]), "AL2023_x86_64_STANDARD");
        for l in [
            &["m5.large"][..],
            &["m7g.large"],
            &["g5.xlarge"],
            &["g5g.xlarge"],
            &["inf2.xlarge"],
        ] {
            assert!(AL2023_AMI_TYPES.contains(&ok(l)), "{l:?}");
        }
    }

    #[test]
    fn mixed_lists_are_refused_naming_one_of_each() {
        assert_eq!(
            ami_type(&types(&["m5.large", "m7g.large"])),
            Err(Mismatch::Arch {
                x86_64: "m5.large".into(),
                arm64: "m7g.large".into()
            })
        );
        assert!(matches!(
            ami_type(&types(&["g5.xlarge", "inf2.xlarge"])),
            Err(Mismatch::Accelerators { .. })
        ));
    }
}
