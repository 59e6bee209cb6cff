//! Carving the tiers' subnets out of the VPC for the spec: explicit CIDRs,
//! per-tier prefixes, or eksctl's default layout (the algorithm is in `cidr`).
//! With a lock, the subnets of a network that exists stay where they are and
//! the new ones are placed around them; what cannot stay is a replacement.

use super::cidr::{self, Request};
use super::lock::{Lock, Replacement};
use super::model::*;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Architecture, Spec};
use ipnet::Ipv4Net;

/// Public and private subnet CIDRs in AZ order (empty for a tier the
/// architecture does not have).
#[derive(Debug, Default)]
pub(super) struct Carved {
    pub public: Vec<Ipv4Net>,
    pub private: Vec<Ipv4Net>,
    /// Pod subnets of the secondary CIDR, in AZ order (`pods::carve`).
    pub pod: Vec<Ipv4Net>,
}

impl Carved {
    fn tier_mut(&mut self, tier: Tier) -> &mut Vec<Ipv4Net> {
        match tier {
            Tier::Public => &mut self.public,
            Tier::Private => &mut self.private,
            Tier::Pod => &mut self.pod,
        }
    }
}

pub(super) fn carve(
    spec: &Spec,
    arch: Architecture,
    vpc: Ipv4Net,
    azs: &[Az],
    lock: Option<&Lock>,
    replaced: &mut Vec<Replacement>,
    d: &mut Diagnostics,
) -> Option<Carved> {
    let mut c = Carver {
        arch,
        vpc,
        azs: azs.len(),
        default_prefix: cidr::eksctl_prefix(vpc.prefix_len(), azs.len()),
        ok: true,
        fixed: Vec::new(),
        requests: Vec::new(),
    };
    for tier in [Tier::Public, Tier::Private] {
        c.tier(&TierAsk::of(spec, arch, tier), d);
    }
    c.check_fixed_overlaps(d);
    if !c.ok {
        return None;
    }
    let kept = match lock {
        Some(lock) => c.keep_locked(lock, azs, replaced),
        None => 0,
    };
    // eksctl leaves the public slots free in a VPC without public subnets
    // (when carving anew: locked subnets are where they are).
    let v = &spec.vpc;
    let reserve_public = !arch.has_public_subnets()
        && v.subnets.is_empty()
        && v.private_subnet_prefix.is_none()
        && kept == 0;
    if reserve_public {
        c.reserve_public_slots()?;
    }
    c.place(reserve_public, d)
}

/// What the spec says about one tier's subnets.
struct TierAsk<'a> {
    tier: Tier,
    /// The architecture has this tier.
    wanted: bool,
    /// `vpc.subnets.<tier>`
    explicit: &'a [String],
    /// `vpc.<tier>SubnetPrefix`
    prefix: Option<u8>,
}

impl<'a> TierAsk<'a> {
    fn of(spec: &'a Spec, arch: Architecture, tier: Tier) -> Self {
        let v = &spec.vpc;
        match tier {
            Tier::Public => TierAsk {
                tier,
                wanted: arch.has_public_subnets(),
                explicit: &v.subnets.public,
                prefix: v.public_subnet_prefix,
            },
            Tier::Private => TierAsk {
                tier,
                wanted: arch.has_private_subnets(),
                explicit: &v.subnets.private,
                prefix: v.private_subnet_prefix,
            },
            // Pod subnets are carved from the secondary CIDR (`pods.rs`),
            // never from the VPC's primary one.
            Tier::Pod => TierAsk {
                tier,
                wanted: false,
                explicit: &[],
                prefix: None,
            },
        }
    }

    /// The spec key of the tier's prefix.
    fn prefix_field(&self) -> String {
        format!("vpc.{}SubnetPrefix", self.tier.as_str())
    }

    /// The spec key of the tier's explicit CIDRs.
    fn explicit_field(&self) -> String {
        format!("vpc.subnets.{}", self.tier.as_str())
    }
}

/// The carving under way: what is fixed, what is still to place, and
/// whether the spec said anything wrong.
struct Carver {
    arch: Architecture,
    vpc: Ipv4Net,
    azs: usize,
    /// eksctl's subnet size for this VPC and AZ count.
    default_prefix: Option<u8>,
    ok: bool,
    /// Explicit subnets, public then private, and locked ones kept: the
    /// tier, AZ index, where it was said (a spec key or the lock) and CIDR.
    fixed: Vec<(Tier, usize, String, Ipv4Net)>,
    requests: Vec<Request>,
}

impl Carver {
    fn tier(&mut self, t: &TierAsk, d: &mut Diagnostics) {
        if !t.wanted {
            self.unwanted(t, d);
        } else if !t.explicit.is_empty() && t.prefix.is_some() {
            let (tier, cap) = (t.tier.as_str(), t.prefix_field());
            d.push(
                Diagnostic::new(
                    Code::E016,
                    format!("the {tier} tier has both `vpc.subnets.{tier}` and `{cap}`"),
                )
                .at(cap),
            );
            self.ok = false;
        } else if !t.explicit.is_empty() {
            self.explicit(t, d);
        } else {
            self.sized(t, d);
        }
    }

    /// A tier the architecture does not have must not be given.
    fn unwanted(&mut self, t: &TierAsk, d: &mut Diagnostics) {
        if t.explicit.is_empty() && t.prefix.is_none() {
            return;
        }
        let field = if t.explicit.is_empty() {
            t.prefix_field()
        } else {
            t.explicit_field()
        };
        d.push(
            Diagnostic::new(
                Code::E018,
                format!(
                    "{} subnets are given, but a {} VPC has none",
                    t.tier.as_str(),
                    self.arch
                ),
            )
            .at(field),
        );
        self.ok = false;
    }

    /// Explicit CIDRs: one per AZ, each a /28 or larger inside the VPC.
    fn explicit(&mut self, t: &TierAsk, d: &mut Diagnostics) {
        let (tier, n) = (t.tier.as_str(), self.azs);
        if t.explicit.len() != n {
            d.push(
                Diagnostic::new(
                    Code::E015,
                    format!(
                        "{} {tier} CIDR(s) for {n} availability zone(s)",
                        t.explicit.len()
                    ),
                )
                .at(t.explicit_field()),
            );
            self.ok = false;
        }
        for (i, s) in t.explicit.iter().enumerate() {
            let field = format!("vpc.subnets.{tier}[{i}]");
            match cidr::parse(s, &field, d) {
                Some(c) if c.prefix_len() > 28 => {
                    d.push(
                        Diagnostic::new(
                            Code::E014,
                            format!("{tier} subnet {c} is smaller than /28"),
                        )
                        .at(field),
                    );
                    self.ok = false;
                }
                Some(c) if !self.vpc.contains(&c) => {
                    d.push(
                        Diagnostic::new(
                            Code::E013,
                            format!("{tier} subnet {c} is outside the VPC {}", self.vpc),
                        )
                        .at(field),
                    );
                    self.ok = false;
                }
                Some(c) => self.fixed.push((t.tier, i, field, c)),
                None => self.ok = false,
            }
        }
    }

    /// Subnets of one size, the tier's prefix or eksctl's: one request an AZ.
    fn sized(&mut self, t: &TierAsk, d: &mut Diagnostics) {
        let Some(p) = self.subnet_prefix(t, d) else {
            self.ok = false;
            return;
        };
        for az_index in 0..self.azs {
            self.requests.push(Request {
                tier: t.tier,
                az_index,
                prefix: p,
            });
        }
    }

    /// The tier's subnet prefix, when it is one AWS and the VPC allow.
    fn subnet_prefix(&self, t: &TierAsk, d: &mut Diagnostics) -> Option<u8> {
        let (tier, vpc) = (t.tier.as_str(), self.vpc);
        let Some(p) = t.prefix.or(self.default_prefix) else {
            d.push(
                Diagnostic::new(
                    Code::E017,
                    format!("{} subnets cannot be carved from {vpc}", 2 * self.azs),
                )
                .at("vpc.cidr"),
            );
            return None;
        };
        if (vpc.prefix_len()..=28).contains(&p) {
            return Some(p);
        }
        let diag = if t.prefix.is_some() {
            Diagnostic::new(
                Code::E019,
                format!(
                    "{tier} subnet prefix /{p} must be between /{} and /28",
                    vpc.prefix_len()
                ),
            )
            .at(t.prefix_field())
        } else {
            Diagnostic::new(
                Code::E017,
                format!("the default {tier} subnet size /{p} for {vpc} is smaller than /28"),
            )
            .at("vpc.cidr")
        };
        d.push(diag);
        None
    }

    /// Explicit subnets must not overlap each other.
    fn check_fixed_overlaps(&mut self, d: &mut Diagnostics) {
        for (i, (_, _, field, a)) in self.fixed.iter().enumerate() {
            for (_, _, _, b) in &self.fixed[..i] {
                if cidr::overlaps(a, b) {
                    d.push(
                        Diagnostic::new(Code::E012, format!("subnet {a} overlaps {b}"))
                            .at(field.clone()),
                    );
                    self.ok = false;
                }
            }
        }
    }

    /// Keep each locked subnet that can stay: its request becomes a fixed
    /// block. Each that cannot (or whose VPC is replaced) is a replacement.
    /// Returns how many were kept.
    fn keep_locked(&mut self, lock: &Lock, azs: &[Az], replaced: &mut Vec<Replacement>) -> usize {
        let vpc_changed = (lock.vpc != self.vpc).then(|| {
            format!(
                "the VPC CIDR changes from {} to {}, which replaces the VPC and every subnet in it",
                lock.vpc, self.vpc
            )
        });
        let mut kept = 0;
        // Pod subnets lie in the secondary CIDR: `pods::carve` keeps them.
        for s in lock.subnets.iter().filter(|s| s.tier != Tier::Pod) {
            let blocked = self.blocked(s.tier, &s.az, s.cidr, azs);
            if let Some(why) = blocked.clone().or(vpc_changed.clone()) {
                replaced.push(Replacement {
                    tier: s.tier,
                    az: s.az.clone(),
                    cidr: s.cidr,
                    why,
                });
            }
            if blocked.is_some() || !self.vpc.contains(&s.cidr) {
                continue;
            }
            // A tier of explicit CIDRs already holds this one.
            let Some(at) = self.requests.iter().position(|r| {
                r.tier == s.tier && azs.get(r.az_index).is_some_and(|a| a.name == s.az)
            }) else {
                continue;
            };
            let r = self.requests.remove(at);
            self.fixed
                .push((r.tier, r.az_index, super::lock::LOCK_FILE.into(), s.cidr));
            kept += 1;
        }
        kept
    }

    /// Why the locked `tier` subnet `cidr` in `az` cannot stay: its zone or
    /// tier is gone, or an explicit CIDR moves it or takes its place.
    fn blocked(&self, tier: Tier, az: &str, cidr: Ipv4Net, azs: &[Az]) -> Option<String> {
        let Some(az_index) = azs.iter().position(|a| a.name == az) else {
            return Some("its zone is no longer in the spec, so it would be deleted".into());
        };
        let wanted = match tier {
            Tier::Public => self.arch.has_public_subnets(),
            Tier::Private => self.arch.has_private_subnets(),
            Tier::Pod => false,
        };
        if !wanted {
            return Some(format!(
                "a {} VPC has no {} subnets, so it would be deleted",
                self.arch,
                tier.as_str()
            ));
        }
        for (t, i, field, c) in &self.fixed {
            if *t == tier && *i == az_index && *c != cidr {
                return Some(format!("`{field}` moves it to {c}"));
            }
            if (*t, *i) != (tier, az_index) && cidr::overlaps(c, &cidr) {
                return Some(format!("`{field}` ({c}) overlaps it"));
            }
        }
        None
    }

    /// Hold eksctl's public slots (the first `azs`) so the private subnets
    /// land after them; None without eksctl's size (already reported).
    fn reserve_public_slots(&mut self) -> Option<()> {
        let prefix = self.default_prefix?;
        for r in self.requests.iter_mut() {
            r.az_index += self.azs;
        }
        for az_index in 0..self.azs {
            self.requests.push(Request {
                tier: Tier::Public,
                az_index,
                prefix,
            });
        }
        Some(())
    }

    /// Place the requests around the fixed subnets; each tier's CIDRs in AZ
    /// order, leaving out the reserved public slots.
    fn place(self, reserve_public: bool, d: &mut Diagnostics) -> Option<Carved> {
        let fixed: Vec<Ipv4Net> = self.fixed.iter().map(|(_, _, _, c)| *c).collect();
        let placed = match cidr::place(self.vpc, &fixed, &self.requests) {
            Ok(p) => p,
            Err(i) => {
                let r = self.requests[i];
                let mut diag = Diagnostic::new(
                    Code::E017,
                    format!(
                        "{} /{} {} subnets and the others do not fit in {}",
                        self.azs,
                        r.prefix,
                        r.tier.as_str(),
                        self.vpc
                    ),
                )
                .at("vpc.cidr");
                let lock = super::lock::LOCK_FILE;
                if self.fixed.iter().any(|(_, _, at, _)| at == lock) {
                    diag = diag.fix(format!(
                        "the subnets of {lock} stay where they are: give the new ones a smaller \
                         `vpc.{}SubnetPrefix` or explicit `vpc.subnets`",
                        r.tier.as_str()
                    ));
                }
                d.push(diag);
                return None;
            }
        };
        let mut out = Carved::default();
        for tier in [Tier::Public, Tier::Private] {
            let fixed = self
                .fixed
                .iter()
                .filter(|(t, ..)| *t == tier)
                .map(|(_, i, _, c)| (*i, *c));
            let mut list: Vec<(usize, Ipv4Net)> = self
                .requests
                .iter()
                .zip(&placed)
                .filter(|(r, _)| r.tier == tier && !(reserve_public && tier == Tier::Public))
                .map(|(r, c)| (r.az_index, *c))
                .chain(fixed)
                .collect();
            list.sort_by_key(|(i, _)| *i);
            *out.tier_mut(tier) = list.into_iter().map(|(_, c)| c).collect();
        }
        Some(out)
    }
}
