//! Where each key of a YAML document stands: dotted path → line and column.
//!
//! serde tells us the position of a parse error, but semantic rules run later
//! on typed values and would lose it. This walks the YAML events once and
//! records the position of every key and sequence item, so a diagnostic about
//! `vpc.subnets.private[2]` can say `eksnet.yaml:14:7`.

use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct KeyIndex {
    found: BTreeMap<String, Pos>,
    /// Keys written a second time in the same mapping, at the repeat.
    duplicates: Vec<(String, Pos)>,
}

enum Frame {
    Map { key: Option<String>, path: String },
    Seq { index: usize, path: String },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    found: BTreeMap<String, Pos>,
    duplicates: Vec<(String, Pos)>,
}

fn pos(m: Marker) -> Pos {
    Pos {
        line: m.line(),
        column: m.col() + 1,
    }
}

impl Walker {
    /// The path of the node that starts now, and records it.
    fn enter_value(&mut self, m: Marker) -> Option<String> {
        let path = match self.stack.last_mut()? {
            Frame::Map { key, path } => {
                let k = key.take()?;
                join(path, &k)
            }
            Frame::Seq { index, path } => {
                let p = format!("{path}[{index}]");
                *index += 1;
                self.found.entry(p.clone()).or_insert(pos(m));
                p
            }
        };
        Some(path)
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, m: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    key: key @ None,
                    path,
                }) = self.stack.last_mut()
                {
                    let p = join(path, &value);
                    match self.found.entry(p) {
                        std::collections::btree_map::Entry::Occupied(e) => {
                            self.duplicates.push((e.key().clone(), pos(m)));
                        }
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(pos(m));
                        }
                    }
                    *key = Some(value);
                } else {
                    self.enter_value(m);
                }
            }
            Event::MappingStart(..) => {
                let path = if self.stack.is_empty() {
                    Some(String::new())
                } else {
                    self.enter_value(m)
                };
                self.stack.push(Frame::Map {
                    key: None,
                    path: path.unwrap_or_default(),
                });
            }
            Event::SequenceStart(..) => {
                let path = self.enter_value(m).unwrap_or_default();
                self.stack.push(Frame::Seq { index: 0, path });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.enter_value(m);
            }
            _ => {}
        }
    }
}

impl KeyIndex {
    /// Index a document; a document that does not parse gives an empty index
    /// (serde reports that error with its own position).
    pub fn build(src: &str) -> Self {
        let mut w = Walker::default();
        let mut parser = Parser::new_from_str(src);
        if parser.load(&mut w, false).is_err() {
            return KeyIndex::default();
        }
        KeyIndex {
            found: w.found,
            duplicates: w.duplicates,
        }
    }

    /// The first key written twice in one mapping (serde rejects the
    /// document but points at the mapping, not at the repeat).
    pub fn first_duplicate(&self) -> Option<(&str, Pos)> {
        self.duplicates
            .iter()
            .min_by_key(|(_, p)| (p.line, p.column))
            .map(|(k, p)| (k.as_str(), *p))
    }

    /// The position of `path`, or of its nearest ancestor that was written.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.found.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.found.contains_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_flow_keys() {
        let src = "name: a\nvpc:\n  cidr: 10.0.0.0/16\n  subnets:\n    private: [10.0.0.0/24, 10.0.1.0/24]\nendpointAccess: { public: true }\n";
        let idx = KeyIndex::build(src);
        assert_eq!(idx.find("name"), Some(Pos { line: 1, column: 1 }));
        assert_eq!(idx.find("vpc.cidr"), Some(Pos { line: 3, column: 3 }));
        assert_eq!(
            idx.find("vpc.subnets.private[1]"),
            Some(Pos {
                line: 5,
                column: 28
            })
        );
        assert_eq!(
            idx.find("endpointAccess.public"),
            Some(Pos {
                line: 6,
                column: 19
            })
        );
    }

    #[test]
    fn falls_back_to_the_nearest_written_ancestor() {
        let idx = KeyIndex::build("vpc:\n  cidr: 10.0.0.0/16\n");
        assert_eq!(idx.find("vpc.nat"), Some(Pos { line: 1, column: 1 }));
        assert_eq!(idx.find("region"), None);
    }

    #[test]
    fn a_repeated_key_is_found_at_the_repeat() {
        let idx = KeyIndex::build("name: a\nvpc:\n  cidr: x\n  nat: single\n  cidr: y\n");
        assert_eq!(
            idx.first_duplicate(),
            Some(("vpc.cidr", Pos { line: 5, column: 3 }))
        );
        assert_eq!(idx.find("vpc.cidr"), Some(Pos { line: 3, column: 3 }));
        assert_eq!(KeyIndex::build("a: 1\nb: 2\n").first_duplicate(), None);
    }

    #[test]
    fn block_sequences_are_indexed() {
        let idx = KeyIndex::build("vpc:\n  availabilityZones:\n    - a\n    - b\n");
        assert_eq!(
            idx.find("vpc.availabilityZones[1]"),
            Some(Pos { line: 4, column: 7 })
        );
    }
}
