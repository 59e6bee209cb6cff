//! Integration tests, built as one binary (see `autotests = false`).
//! Each module tests one surface of eksnet; shared helpers live in `support`.

mod support;

// `eksnet plan` and `validate`: snapshots of the four architectures, exit codes.
mod plan;
// One failing example per rule code, with its report pinned.
mod rules;
// Invariants of the planner over random specs; no panic on random input.
mod properties;
// `eksnet init` and `eksnet` alone: the wizard through a pseudo-terminal, and without one.
mod wizard_pty;

// The command-line surface: help snapshots, flags, version, completions, man, colour.
mod cli;

// `eksnet explain`, `compare` and `diagram`, and the generated README.
mod teach;
