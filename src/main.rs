//! The `eksnet` binary: parse the command line, run, exit with its code.

fn main() {
    std::process::exit(eksnet::cli::main());
}
