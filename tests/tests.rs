//! Integration tests, built as one binary (see `autotests = false`).
//! Each module tests one surface of eksnet; shared helpers live in `support`.

mod support;

// `eksnet plan` and `validate`: snapshots of the four architectures, exit codes.
mod plan;
// One failing example per rule code, with its report pinned.
mod rules;
// Invariants of the planner over random specs; no panic on random input.
mod properties;
// The bad-input corpus (tests/bad-inputs/): codes, places, no panics.
mod bad_inputs;
// `eksnet init` and `eksnet` alone: the wizard through a pseudo-terminal, and without one.
mod wizard_pty;

// The command-line surface: help snapshots, flags, version, completions, man, colour.
mod cli;

// The table of specs shared by the render, consistency and validator tests.
mod cases;
// Rendering: snapshots per case and format, determinism, blueprint rules.
mod render;
// cfn-lint, terraform fmt, tf-check-args, the eksctl schema, eksctl's cross-field rules.
mod render_validators;
// The Terraform module's variable checks, through `terraform plan` with bad `-var` values.
mod terraform_variables;
// All three formats parse back to the Topology; hostile tags round-trip.
mod render_consistency;
// IPv6 clusters: the formats agree on the /64s and ::/0 routes; defaults told from choices.
mod ipv6;
// Day two: the everyday changes of a spec keep the logical IDs and addresses of what is deployed.
mod day_two;
// Day two, one everyday change at a time: what each format adds, removes and changes.
mod day_two_changes;
// `eksnet generate`: exit codes, --force, --check, --stdout, write guarantees.
mod generate;
// `validate` and `generate` with several `--spec`: outputs beside each, the worst exit code.
mod many_specs;
// `eksnet explain`, `compare` and `diagram`, and the generated README.
mod teach;

// The examples: committed outputs equal what generate writes.
mod examples;
// ARCHITECTURE.md: the paths it names exist, the layers it describes hold.
mod architecture;

// `--output sarif` of validate and doctor, checked by Microsoft's SARIF validator.
mod sarif;

// The GitHub Action and the pre-commit hooks, run with the binary under test.
mod integrations;

// `eksnet doctor`: fixtures in the AWS CLI's shape, reports, exit codes, input errors.
mod doctor;
// Untrusted input: no raw control characters on a terminal; odd or huge files refused.
mod untrusted;
// What `generate` leaves on disk: the same bytes every run, nothing half-written when killed or when a write fails.
mod safe_output;
// eksnet's Terraform applied to moto with the real AWS provider: doctor, plan, destroy.
mod terraform_moto;
// checkov over every CloudFormation and Terraform case: no unexplained failure.
mod security_scan;
