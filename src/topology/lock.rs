//! The lock: where the subnets of a network that exists were carved, so a
//! later plan keeps them there (`eksnet.lock` in the output directory).
//!
//! Written from a topology after each `generate`, read before the next one.
//! The format is one fact a line, so an error names its line:
//!
//! ```text
//! # comments
//! lock eksnet/v1alpha1
//! vpc 10.0.0.0/16
//! public us-east-1a 10.0.0.0/19
//! private us-east-1a 10.0.96.0/19
//! secondary 100.64.0.0/16
//! pod us-east-1a 100.64.0.0/18
//! ```
//!
//! The `secondary` line and the `pod` lines appear with a pod network
//! (`podNetwork.secondaryCidr`); each pod subnet lies in the secondary CIDR.
//!
//! The file is untrusted input: every line is checked (a known keyword, a
//! CIDR without host bits, each subnet inside the VPC, no subnet twice, no
//! two overlapping) and an error says the line, what is wrong and the fix.
//! Nothing here reads a file; the caller reads it bounded.

use super::cidr;
use super::model::{Tier, Topology};
use crate::aws::regions;
use crate::spec::API_VERSION;
use ipnet::Ipv4Net;

/// The lock's file name, in the output directory.
pub const LOCK_FILE: &str = "eksnet.lock";

const HEADER: &str = "\
# The subnets of this network as eksnet carved them. Each one listed keeps
# its CIDR (and its CloudFormation logical ID and Terraform address) when
# availability zones are added or removed or subnet prefixes change, so
# regenerating never moves a live subnet. Written by `eksnet generate`;
# commit it with the outputs and do not edit it by hand. To carve anew,
# delete it (and replace the network), or pass --replace-subnets.
";

/// One subnet as the lock holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedSubnet {
    pub tier: Tier,
    /// The zone as the spec names it (a name or an AZ ID).
    pub az: String,
    pub cidr: Ipv4Net,
    /// Its line in the file (1-based); 0 when made from a topology.
    pub line: usize,
}

/// The carving of a network that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub vpc: Ipv4Net,
    /// The secondary CIDR of the pod subnets, when the network has one.
    pub secondary: Option<Ipv4Net>,
    /// In the topology's order: public subnets in AZ order, then private,
    /// then pod subnets.
    pub subnets: Vec<LockedSubnet>,
}

/// A line of a lock file that is wrong, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}; {fix}")]
pub struct LockError {
    /// 1-based; 0 for the file as a whole.
    pub line: usize,
    pub message: String,
    pub fix: String,
}

/// A live subnet that the plan would move or delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub tier: Tier,
    pub az: String,
    /// Its CIDR in the lock.
    pub cidr: Ipv4Net,
    /// Why, in words: "its zone is no longer in the spec".
    pub why: String,
}

impl std::fmt::Display for Replacement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} subnet {} in {}: {}",
            self.tier.as_str(),
            self.cidr,
            self.az,
            self.why
        )
    }
}

const FIX_REGENERATE: &str =
    "restore the file from version control, or delete it and regenerate (which may move live subnets)";

fn err(line: usize, message: impl Into<String>, fix: impl Into<String>) -> LockError {
    LockError {
        line,
        message: message.into(),
        fix: fix.into(),
    }
}

impl Lock {
    /// The lock of a planned topology's subnets.
    pub fn of(t: &Topology) -> Lock {
        Lock {
            vpc: t.vpc.cidr,
            secondary: t.pod_network.as_ref().and_then(|p| p.secondary_cidr),
            subnets: t
                .subnets
                .iter()
                .map(|s| LockedSubnet {
                    tier: s.tier,
                    az: s.az.clone(),
                    cidr: s.cidr,
                    line: 0,
                })
                .collect(),
        }
    }

    /// The file's text; `parse` reads it back to the same lock.
    pub fn text(&self) -> String {
        let mut out = format!("{HEADER}lock {API_VERSION}\nvpc {}\n", self.vpc);
        if let Some(c) = self.secondary {
            out.push_str(&format!("secondary {c}\n"));
        }
        for s in &self.subnets {
            out.push_str(&format!("{} {} {}\n", s.tier.as_str(), s.az, s.cidr));
        }
        out
    }

    /// Read a lock's text, checking every line.
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let mut header = false;
        let mut vpc: Option<Ipv4Net> = None;
        let mut secondary: Option<Ipv4Net> = None;
        let mut subnets: Vec<LockedSubnet> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = content.split_whitespace().collect();
            match words.as_slice() {
                ["lock", v] if !header => {
                    if *v != API_VERSION {
                        return Err(err(
                            line,
                            format!("the lock is for `{v}`, this eksnet reads `{API_VERSION}`"),
                            FIX_REGENERATE,
                        ));
                    }
                    header = true;
                }
                _ if !header => {
                    return Err(err(
                        line,
                        format!("expected `lock {API_VERSION}` first, found `{content}`"),
                        FIX_REGENERATE,
                    ))
                }
                ["vpc", c] if vpc.is_none() => vpc = Some(cidr_at(line, c)?),
                ["vpc", ..] if vpc.is_some() => {
                    return Err(err(line, "a second `vpc` line", "keep one `vpc CIDR` line"))
                }
                ["secondary", c] if vpc.is_some() && secondary.is_none() && subnets.is_empty() => {
                    secondary = Some(secondary_at(line, c, vpc.expect("checked"))?)
                }
                ["secondary", ..] => {
                    return Err(err(
                        line,
                        "a `secondary` line out of place",
                        "keep one `secondary CIDR` line, after `vpc` and before the subnets",
                    ))
                }
                [tier @ ("public" | "private" | "pod"), az, c] => {
                    let Some(v) = vpc else {
                        return Err(err(
                            line,
                            "a subnet before the `vpc` line",
                            "put `vpc CIDR` before the subnets",
                        ));
                    };
                    let tier = match *tier {
                        "public" => Tier::Public,
                        "private" => Tier::Private,
                        _ => Tier::Pod,
                    };
                    let within = match (tier, secondary) {
                        (Tier::Pod, Some(c)) => c,
                        (Tier::Pod, None) => {
                            return Err(err(
                                line,
                                "a pod subnet without a `secondary` line",
                                "put `secondary CIDR` after the `vpc` line",
                            ))
                        }
                        _ => v,
                    };
                    let s = LockedSubnet {
                        tier,
                        az: (*az).to_string(),
                        cidr: cidr_at(line, c)?,
                        line,
                    };
                    check_subnet(&s, within, &subnets)?;
                    subnets.push(s);
                }
                _ => {
                    return Err(err(
                        line,
                        format!(
                            "`{content}` is not `vpc CIDR`, `secondary CIDR` or `public|private|pod ZONE CIDR`"
                        ),
                        FIX_REGENERATE,
                    ))
                }
            }
        }
        let Some(vpc) = vpc else {
            let what = if header {
                "no `vpc` line"
            } else {
                "no `lock` line: this is not an eksnet lock"
            };
            return Err(err(0, what, FIX_REGENERATE));
        };
        Ok(Lock {
            vpc,
            secondary,
            subnets,
        })
    }

    /// Every zone of the lock must be one of `region`'s.
    pub fn check_zones(&self, region: &str) -> Result<(), LockError> {
        let Some(r) = regions::find(region) else {
            return Ok(()); // the plan reports the region
        };
        for s in &self.subnets {
            if r.classify(&s.az) == regions::AzKind::Foreign {
                return Err(err(
                    s.line,
                    format!("`{}` is not a zone of {}", s.az, r.code),
                    format!(
                        "the lock belongs to a network in another region: use the output directory of this spec's network ({})",
                        FIX_REGENERATE
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The locked subnet of `tier` in `az`.
    pub fn subnet(&self, tier: Tier, az: &str) -> Option<&LockedSubnet> {
        self.subnets.iter().find(|s| s.tier == tier && s.az == az)
    }
}

fn cidr_at(line: usize, s: &str) -> Result<Ipv4Net, LockError> {
    match s.parse::<Ipv4Net>() {
        Ok(n) if n.network() == n.addr() => Ok(n),
        Ok(n) => Err(err(
            line,
            format!("`{s}` has host bits set"),
            format!("its network is {}; {FIX_REGENERATE}", n.trunc()),
        )),
        Err(_) => Err(err(
            line,
            format!("`{s}` is not an IPv4 CIDR"),
            FIX_REGENERATE,
        )),
    }
}

/// The secondary CIDR: a network that does not overlap the VPC's primary.
fn secondary_at(line: usize, s: &str, vpc: Ipv4Net) -> Result<Ipv4Net, LockError> {
    let c = cidr_at(line, s)?;
    if cidr::overlaps(&c, &vpc) {
        return Err(err(
            line,
            format!("the secondary CIDR {c} overlaps the VPC {vpc}"),
            FIX_REGENERATE,
        ));
    }
    Ok(c)
}

/// A subnet inside the VPC (a pod subnet: its secondary CIDR), of a size AWS allows, listed once, overlapping
/// none listed before it.
fn check_subnet(
    s: &LockedSubnet,
    within: Ipv4Net,
    before: &[LockedSubnet],
) -> Result<(), LockError> {
    let (line, tier, az) = (s.line, s.tier.as_str(), &s.az);
    if !within.contains(&s.cidr) {
        let what = if s.tier == Tier::Pod {
            "the secondary CIDR"
        } else {
            "the VPC"
        };
        return Err(err(
            line,
            format!("{tier} subnet {} is outside {what} {within}", s.cidr),
            FIX_REGENERATE,
        ));
    }
    if s.cidr.prefix_len() > 28 {
        return Err(err(
            line,
            format!("{tier} subnet {} is smaller than /28", s.cidr),
            FIX_REGENERATE,
        ));
    }
    for b in before {
        if b.tier == s.tier && b.az == *az {
            return Err(err(
                line,
                format!("a second {tier} subnet in {az} (line {} has one)", b.line),
                "keep one line per tier and zone",
            ));
        }
        if cidr::overlaps(&b.cidr, &s.cidr) {
            return Err(err(
                line,
                format!(
                    "{tier} subnet {} overlaps {} (line {})",
                    s.cidr, b.cidr, b.line
                ),
                FIX_REGENERATE,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "lock eksnet/v1alpha1\nvpc 10.0.0.0/16\npublic us-east-1a 10.0.0.0/19\nprivate us-east-1a 10.0.96.0/19\n";

    #[test]
    fn reads_what_it_writes() {
        let lock = Lock::parse(GOOD).unwrap();
        assert_eq!(lock.subnets.len(), 2);
        assert_eq!(lock.subnets[1].line, 4);
        let text = lock.text();
        assert_eq!(Lock::parse(&text).unwrap().text(), text);
    }

    #[test]
    fn every_bad_line_is_named() {
        let bad = |text: &str| Lock::parse(text).unwrap_err();
        assert_eq!(bad("vpc 10.0.0.0/16\n").line, 1);
        let e = bad("lock eksnet/v1alpha1\nvpc 10.0.0.0/16\npublic a 10.1.0.0/24\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("outside the VPC"), "{e}");
        let e = bad(&format!("{GOOD}private us-east-1b 10.0.96.0/20\n"));
        assert_eq!(e.line, 5);
        assert!(e.message.contains("overlaps 10.0.96.0/19 (line 4)"), "{e}");
        let e = bad(&format!("{GOOD}private us-east-1a 10.0.128.0/19\n"));
        assert!(e.message.contains("a second private subnet"), "{e}");
        assert!(bad("lock eksnet/v1alpha1\nvpc 10.0.0.1/16\n")
            .message
            .contains("host bits"));
        assert!(bad("lock eksnet/v1alpha1\n").message.contains("no `vpc`"));
        assert!(bad("lock eksnet/v1alpha1\nvpc 10.0.0.0/16\nnat x\n")
            .message
            .contains("is not"));
    }

    #[test]
    fn pod_subnets_lie_in_the_secondary_cidr() {
        let good = GOOD.replace(
            "vpc 10.0.0.0/16\n",
            "vpc 10.0.0.0/16\nsecondary 100.64.0.0/16\n",
        ) + "pod us-east-1a 100.64.0.0/18\n";
        let lock = Lock::parse(&good).unwrap();
        assert_eq!(lock.secondary, Some("100.64.0.0/16".parse().unwrap()));
        assert_eq!(lock.subnet(Tier::Pod, "us-east-1a").unwrap().line, 6);
        assert_eq!(Lock::parse(&lock.text()).unwrap().text(), lock.text());
        let bad = |text: &str| Lock::parse(text).unwrap_err();
        let e = bad(&format!("{GOOD}pod us-east-1a 100.64.0.0/18\n"));
        assert!(e.message.contains("without a `secondary`"), "{e}");
        let e = bad(&good.replace(
            "pod us-east-1a 100.64.0.0/18",
            "pod us-east-1a 100.65.0.0/18",
        ));
        assert!(e.message.contains("outside the secondary CIDR"), "{e}");
        let e = bad(&good.replace("secondary 100.64.0.0/16", "secondary 10.0.0.0/20"));
        assert!(e.message.contains("overlaps the VPC"), "{e}");
    }
}
