use super::{OutputFile, RenderError, RenderOptions};
use crate::topology::Topology;
pub fn render(_t: &Topology, _o: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    Ok(vec![])
}
pub fn notes(_t: &Topology, _o: &RenderOptions) -> Vec<String> {
    vec![]
}
pub fn eksctl_creates_vpc(_t: &Topology) -> bool {
    false
}
pub fn eksctl_layout(_t: &Topology) -> bool {
    false
}
