use super::{OutputFile, RenderError, RenderOptions};
use crate::topology::Topology;
pub fn render(_t: &Topology, _o: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    Ok(vec![])
}
