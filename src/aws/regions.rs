//! Regions and their availability zones.
//!
//! AZ names (`us-west-2a`) map to AZ IDs (`usw2-az1`) differently in each
//! account, so eksnet checks each form on its own: a name by its letter, an
//! ID by its number. Source: "Regions and Zones" and "AZ IDs for your AWS
//! resources" in the Amazon EC2 and AWS RAM user guides, read 2026.

#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub code: &'static str,
    pub partition: &'static str,
    /// Letters of the AZ names this region offers (`us-west-2` + `a`).
    pub az_letters: &'static str,
    /// Prefix of its AZ IDs (`usw2` in `usw2-az1`).
    pub az_id_prefix: &'static str,
    /// Numbers of its AZ IDs (`1` in `usw2-az1`).
    pub az_id_numbers: &'static [u8],
    /// The EKS PrivateLink endpoint (`eks`) is offered here.
    pub eks_private_link: bool,
}

const fn r(
    code: &'static str,
    partition: &'static str,
    az_letters: &'static str,
    az_id_prefix: &'static str,
    az_id_numbers: &'static [u8],
    eks_private_link: bool,
) -> Region {
    Region {
        code,
        partition,
        az_letters,
        az_id_prefix,
        az_id_numbers,
        eks_private_link,
    }
}

const N3: &[u8] = &[1, 2, 3];
const N4: &[u8] = &[1, 2, 3, 4];

/// Sorted by code.
pub const REGIONS: &[Region] = &[
    r("af-south-1", "aws", "abc", "afs1", N3, true),
    r("ap-east-1", "aws", "abc", "ape1", N3, true),
    r("ap-east-2", "aws", "abc", "ape2", N3, false),
    r("ap-northeast-1", "aws", "acd", "apne1", &[1, 2, 4], true),
    r("ap-northeast-2", "aws", "abcd", "apne2", N4, true),
    r("ap-northeast-3", "aws", "abc", "apne3", N3, true),
    r("ap-south-1", "aws", "abc", "aps1", N3, true),
    r("ap-south-2", "aws", "abc", "aps2", N3, true),
    r("ap-southeast-1", "aws", "abc", "apse1", N3, true),
    r("ap-southeast-2", "aws", "abc", "apse2", N3, true),
    r("ap-southeast-3", "aws", "abc", "apse3", N3, true),
    r("ap-southeast-4", "aws", "abc", "apse4", N3, true),
    r("ap-southeast-5", "aws", "abc", "apse5", N3, false),
    r("ap-southeast-7", "aws", "abc", "apse7", N3, false),
    r("ca-central-1", "aws", "abd", "cac1", &[1, 2, 3, 4], true),
    r("ca-west-1", "aws", "abc", "caw1", N3, true),
    r("cn-north-1", "aws-cn", "abd", "cnn1", &[1, 2, 4], true),
    r("cn-northwest-1", "aws-cn", "abc", "cnnw1", N3, true),
    r("eu-central-1", "aws", "abc", "euc1", N3, true),
    r("eu-central-2", "aws", "abc", "euc2", N3, true),
    r("eu-north-1", "aws", "abc", "eun1", N3, true),
    r("eu-south-1", "aws", "abc", "eus1", N3, true),
    r("eu-south-2", "aws", "abc", "eus2", N3, true),
    r("eu-west-1", "aws", "abc", "euw1", N3, true),
    r("eu-west-2", "aws", "abc", "euw2", N3, true),
    r("eu-west-3", "aws", "abc", "euw3", N3, true),
    r("il-central-1", "aws", "abc", "ilc1", N3, true),
    r("me-central-1", "aws", "abc", "mec1", N3, true),
    r("me-south-1", "aws", "abc", "mes1", N3, true),
    r("mx-central-1", "aws", "abc", "mxc1", N3, false),
    r("sa-east-1", "aws", "abc", "sae1", N3, true),
    r(
        "us-east-1",
        "aws",
        "abcdef",
        "use1",
        &[1, 2, 3, 4, 5, 6],
        true,
    ),
    r("us-east-2", "aws", "abc", "use2", N3, true),
    r("us-gov-east-1", "aws-us-gov", "abc", "usge1", N3, true),
    r("us-gov-west-1", "aws-us-gov", "abc", "usgw1", N3, true),
    r("us-west-1", "aws", "abc", "usw1", N3, true),
    r("us-west-2", "aws", "abcd", "usw2", N4, true),
];

/// AZ IDs where EKS does not place clusters (EKS guide, "VPC and subnet requirements").
pub const UNSUPPORTED_AZ_IDS: &[&str] = &["use1-az3", "usw1-az2", "cac1-az3"];

/// Of the regions with an AZ ID in `UNSUPPORTED_AZ_IDS`, those whose AZ names
/// map to AZ IDs per account (AWS's oldest regions, for accounts created
/// before November 2025). ca-central-1 maps names uniformly and offers no
/// name for cac1-az3, so its names are safe.
pub const NAMES_MAP_PER_ACCOUNT: &[&str] = &["us-east-1", "us-west-1"];

/// The region's AZ IDs that EKS accepts subnets in.
pub fn supported_az_ids(region: &Region) -> Vec<String> {
    region
        .az_ids()
        .into_iter()
        .filter(|id| !UNSUPPORTED_AZ_IDS.contains(&id.as_str()))
        .collect()
}

pub fn find(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// What an AZ string is, for a region.
#[derive(Debug, PartialEq, Eq)]
pub enum AzKind {
    Name,
    Id,
    /// Looks like neither form of this region.
    Foreign,
}

impl Region {
    pub fn classify(&self, az: &str) -> AzKind {
        if let Some(letter) = az.strip_prefix(self.code) {
            let mut chars = letter.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if self.az_letters.contains(c) {
                    return AzKind::Name;
                }
            }
            return AzKind::Foreign;
        }
        if let Some(n) = az
            .strip_prefix(self.az_id_prefix)
            .and_then(|rest| rest.strip_prefix("-az"))
            .and_then(|n| n.parse::<u8>().ok())
        {
            if self.az_id_numbers.contains(&n) {
                return AzKind::Id;
            }
        }
        AzKind::Foreign
    }

    /// The AZ names this region offers, in order.
    pub fn az_names(&self) -> Vec<String> {
        self.az_letters
            .chars()
            .map(|c| format!("{}{c}", self.code))
            .collect()
    }

    /// The region's AZ IDs (`usw2-az1`, …), in number order.
    pub fn az_ids(&self) -> Vec<String> {
        self.az_id_numbers
            .iter()
            .map(|n| format!("{}-az{n}", self.az_id_prefix))
            .collect()
    }

    /// Whether an AZ name here may be an AZ ID EKS refuses in some account.
    pub fn names_may_be_refused(&self) -> bool {
        NAMES_MAP_PER_ACCOUNT.contains(&self.code)
    }

    /// The default when a spec names no zones: the first three AZ names;
    /// where a name may be an AZ ID EKS refuses, the first three AZ IDs it
    /// supports instead.
    pub fn default_azs(&self) -> Vec<String> {
        if self.names_may_be_refused() {
            supported_az_ids(self).into_iter().take(3).collect()
        } else {
            self.az_names().into_iter().take(3).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique() {
        assert!(REGIONS.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn classifies_names_and_ids() {
        let r = find("us-west-2").unwrap();
        assert_eq!(r.classify("us-west-2a"), AzKind::Name);
        assert_eq!(r.classify("us-west-2e"), AzKind::Foreign);
        assert_eq!(r.classify("usw2-az4"), AzKind::Id);
        assert_eq!(r.classify("usw2-az5"), AzKind::Foreign);
        assert_eq!(r.classify("us-east-1a"), AzKind::Foreign);
    }

    #[test]
    fn every_region_offers_at_least_two_zones() {
        for r in REGIONS {
            assert!(r.az_letters.len() >= 2, "{}", r.code);
        }
    }

    #[test]
    fn default_zones_avoid_the_ids_eks_refuses() {
        let azs = |r| find(r).unwrap().default_azs();
        assert_eq!(azs("us-west-2"), ["us-west-2a", "us-west-2b", "us-west-2c"]);
        assert_eq!(azs("us-east-1"), ["use1-az1", "use1-az2", "use1-az4"]);
        assert_eq!(azs("us-west-1"), ["usw1-az1", "usw1-az3"]);
        assert_eq!(
            azs("ca-central-1"),
            ["ca-central-1a", "ca-central-1b", "ca-central-1d"]
        );
    }
}
