//! `eksnet explain <RULE-CODE>`: one rule of the catalog in full, with the
//! tables it checks against (regions and zones, Kubernetes versions, the
//! PrivateLink catalog) so the reader sees the allowed values at once.

use crate::aws::{regions, services, versions};
use crate::rules::catalog::{self, Rule, RULES};
use std::fmt::Write;

/// The rule with `code` (any case), or the closest known code.
pub fn lookup(code: &str) -> Result<&'static Rule, Option<&'static str>> {
    catalog::find(code).ok_or_else(|| {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        crate::spec::suggest(code, &codes)
    })
}

/// The explanation of one rule as text.
pub fn text(r: &Rule) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({}): {}", r.code, r.severity, r.title);
    o.push('\n');
    o.push_str(&super::explain::wrap(r.explanation, 100, "", ""));
    o.push('\n');
    o.push_str(&super::explain::wrap(
        &format!("Fix: {}", r.fix),
        100,
        "",
        "  ",
    ));
    o.push_str(&super::explain::wrap(
        &format!("Source: {}", r.source),
        100,
        "",
        "  ",
    ));
    let table = match r.code {
        "E003" => Some(("Regions eksnet knows", regions_table())),
        "E005" => Some(("Zones of each region (names, then AZ IDs)", zones_table())),
        "E024" => Some(("Kubernetes versions", versions_table())),
        "E050" => Some(("PrivateLink services eksnet knows", services_table())),
        _ => None,
    };
    if let Some((title, body)) = table {
        let _ = writeln!(o, "\n{title}");
        for line in body.lines() {
            let _ = writeln!(o, "  {line}");
        }
    }
    o
}

fn regions_table() -> String {
    let rows: Vec<Vec<String>> = regions::REGIONS
        .iter()
        .map(|r| {
            vec![
                r.code.to_string(),
                r.partition.to_string(),
                crate::report::yes_no(r.eks_private_link).to_string(),
            ]
        })
        .collect();
    crate::report::table(&["REGION", "PARTITION", "EKS PRIVATELINK"], &rows)
}

fn zones_table() -> String {
    let rows: Vec<Vec<String>> = regions::REGIONS
        .iter()
        .map(|r| {
            vec![
                r.code.to_string(),
                r.az_names().join(" "),
                r.az_ids().join(" "),
            ]
        })
        .collect();
    crate::report::table(&["REGION", "AZ NAMES", "AZ IDS"], &rows)
}

fn versions_table() -> String {
    let rows: Vec<Vec<String>> = versions::supported()
        .map(|r| {
            let mut support = match r.support() {
                Some(versions::Support::Standard) => format!("standard until {}", r.standard_ends),
                _ => format!("extended until {}", r.extended_ends),
            };
            if r.version == versions::default_version() {
                support.push_str(" (eksnet's default)");
            }
            vec![r.version.to_string(), support]
        })
        .collect();
    crate::report::table(&["VERSION", "SUPPORT"], &rows)
}

fn services_table() -> String {
    let rows: Vec<Vec<String>> = services::CATALOG
        .iter()
        .map(|s| {
            let required = if services::REQUIRED_WITHOUT_EGRESS.contains(&s.key) {
                "required without egress"
            } else {
                "optional"
            };
            vec![
                s.key.to_string(),
                s.kind.as_str().to_string(),
                required.to_string(),
                s.reason.to_string(),
            ]
        })
        .collect();
    crate::report::table(&["SERVICE", "TYPE", "WHEN", "WHAT FOR"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive_and_suggests() {
        assert_eq!(lookup("e061").unwrap().code, "E061");
        assert_eq!(lookup("E61").unwrap_err(), Some("E061"));
        assert_eq!(lookup("nonsense-code").unwrap_err(), None);
    }

    #[test]
    fn tables_list_what_the_rule_checks_against() {
        let e003 = text(catalog::Code::E003.rule());
        assert!(regions::REGIONS.iter().all(|r| e003.contains(r.code)));
        let e005 = text(catalog::Code::E005.rule());
        assert!(e005.contains("usw2-az4") && e005.contains("us-west-2d"));
        let e024 = text(catalog::Code::E024.rule());
        assert!(versions::supported().all(|r| e024.contains(r.version)));
        let e050 = text(catalog::Code::E050.rule());
        assert!(services::CATALOG.iter().all(|s| e050.contains(s.key)));
    }
}
