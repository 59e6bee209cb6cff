//! Integration tests, built as one binary (see `autotests = false`).
//! Each module tests one surface of eksnet; shared helpers live in `support`.

mod support;

// `eksnet plan` and `validate`: snapshots of the four architectures, exit codes.
mod plan;

// `eksnet doctor`: fixtures in the AWS CLI's shape, reports, exit codes, input errors.
mod doctor;
