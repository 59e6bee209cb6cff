//! Integration tests, built as one binary (see `autotests = false`).
//! Each module tests one surface of eksnet; shared helpers live in `support`.

mod support;

// `eksnet plan` and `validate`: snapshots of the four architectures, exit codes.
mod plan;

// `eksnet explain`, `compare` and `diagram`, and the generated README.
mod teach;
