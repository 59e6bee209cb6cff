//! Whether a topology's subnets are exactly eksctl's carving of its VPC
//! CIDR: then eksctl could create them itself. Found once when planning
//! (`Topology::layout`) so no renderer carves the VPC again.

use super::cidr;
use super::model::*;
use ipnet::Ipv4Net;

/// The subnets eksctl would carve for this VPC and these AZs: public
/// subnets in the first slots, private ones after them (eksctl keeps the
/// public slots even in a private cluster, where it creates no public
/// subnets). None when eksctl cannot carve that many subnets.
pub fn eksctl_layout(t: &Topology) -> Option<Vec<(Tier, String, Ipv4Net)>> {
    let n = t.availability_zones.len();
    let prefix = cidr::eksctl_prefix(t.vpc.cidr.prefix_len(), n)?;
    let slots: Vec<Ipv4Net> = t.vpc.cidr.subnets(prefix).ok()?.take(2 * n).collect();
    if slots.len() < 2 * n {
        return None;
    }
    let public = t.architecture.is_some_and(|a| a.has_public_subnets());
    let mut out = Vec::new();
    for (i, az) in t.availability_zones.iter().enumerate() {
        if public {
            out.push((Tier::Public, az.name.clone(), slots[i]));
        }
    }
    for (i, az) in t.availability_zones.iter().enumerate() {
        out.push((Tier::Private, az.name.clone(), slots[n + i]));
    }
    Some(out)
}

/// `Layout::Eksctl` when the subnets, in order, are `eksctl_layout`'s.
pub(super) fn of(t: &Topology) -> Layout {
    // Pod subnets lie in the secondary CIDR, outside eksctl's carving.
    let ours: Vec<(Tier, String, Ipv4Net)> = t
        .subnets
        .iter()
        .filter(|s| s.tier != Tier::Pod)
        .map(|s| (s.tier, s.az.clone(), s.cidr))
        .collect();
    if eksctl_layout(t).as_ref() == Some(&ours) {
        Layout::Eksctl
    } else {
        Layout::Custom
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Architecture, LoadedSpec};

    fn layout(f: impl FnOnce(&mut crate::spec::Spec)) -> Layout {
        let mut spec = LoadedSpec::built_in().spec;
        f(&mut spec);
        let p = crate::topology::plan(&spec);
        p.topology
            .unwrap_or_else(|| panic!("{:?}", p.diagnostics))
            .layout
    }

    #[test]
    fn eksctls_sizes_are_its_layout_and_others_are_not() {
        assert_eq!(layout(|_| {}), Layout::Eksctl);
        // eksctl keeps the public slots free in a fully private VPC: so does eksnet.
        assert_eq!(
            layout(|s| {
                s.architecture = Architecture::FullyPrivate;
                s.vpc.nat = None;
                s.endpoint_access = Default::default();
            }),
            Layout::Eksctl
        );
        assert_eq!(
            layout(|s| s.vpc.private_subnet_prefix = Some(20)),
            Layout::Custom
        );
        // The same size as eksctl's, but a prefix moves the private subnets.
        assert_eq!(
            layout(|s| {
                s.architecture = Architecture::PrivateOnly;
                s.vpc.nat = None;
                s.vpc.private_subnet_prefix = Some(19);
            }),
            Layout::Custom
        );
    }
}
