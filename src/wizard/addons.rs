//! The add-ons question: which add-ons the cluster runs, each with what it
//! adds to the network (endpoints without a route out, and their hourly cost).

use super::checks::{errors_of, remarks, About};
use super::prompter::{Aborted, Ask, Prompter};
use crate::aws::addons::{Addon, PROFILES};
use crate::aws::prices;
use crate::diag::Code;
use crate::spec::Spec;
use crate::topology::plan;
use std::rc::Rc;

/// What the answer decides, and the rules that can reject it.
const ADDONS: About = About {
    fields: &["addons", "privateLinkExclude"],
    codes: &[Code::E053, Code::E092, Code::E093],
};

/// Interface endpoint AZ-hours of `spec`'s plan with only `addons`.
fn endpoint_hours(spec: &Spec, addons: Vec<Addon>) -> usize {
    let mut s = spec.clone();
    s.addons = addons;
    plan(&s).topology.map_or(0, |t| t.interface_endpoint_azs())
}

/// The add-on with the endpoint AZ-hours it adds to `base` (the plan's
/// without add-ons).
fn label(spec: &Spec, base: usize, addon: Addon) -> String {
    let p = addon.profile();
    let hours = endpoint_hours(spec, vec![addon]).saturating_sub(base);
    let cost = if hours == 0 {
        "no endpoints needed here".to_string()
    } else {
        format!(
            "{} endpoint(s) in the node AZs: +${:.2}/h",
            p.endpoints.len(),
            hours as f64 * prices::INTERFACE_ENDPOINT_AZ_HOUR
        )
    };
    format!("{:<25} {} ({cost})", p.key, p.title)
}

pub fn addons(p: &mut dyn Prompter, spec: &mut Spec) -> Result<(), Aborted> {
    let base = endpoint_hours(spec, vec![]);
    let labels: Vec<String> = PROFILES
        .iter()
        .map(|x| label(spec, base, x.addon))
        .collect();
    let defaults: Vec<usize> = PROFILES
        .iter()
        .enumerate()
        .filter(|(_, x)| spec.addons.contains(&x.addon))
        .map(|(i, _)| i)
        .collect();
    let candidate = spec.clone();
    let check = Rc::new(move |picked: &[usize]| {
        let mut c = candidate.clone();
        c.addons = picked.iter().map(|i| PROFILES[*i].addon).collect();
        errors_of(&plan(&c), ADDONS)
    });
    let help = format!(
        "space toggles; the VPC CNI, kube-proxy and CoreDNS are always installed; prices {} ({})",
        prices::REGION,
        prices::AS_OF
    );
    let picked = p.multi_select(
        Ask {
            message: "Add-ons the cluster runs",
            help: &help,
        },
        &labels,
        &defaults,
        check,
    )?;
    spec.addons = picked.iter().map(|i| PROFILES[*i].addon).collect();
    for r in remarks(&plan(spec), ADDONS) {
        p.say(&r);
    }
    Ok(())
}
