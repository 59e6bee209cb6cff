//! The `eksnet` binary: parse the command line, run, exit with its code.

fn main() {
    // Rust ignores SIGPIPE, so printing to a closed pipe would panic; a
    // command-line filter should just stop, as `head` expects.
    #[cfg(unix)]
    // SAFETY: called first, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(eksnet::cli::main());
}
