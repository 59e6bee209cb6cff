//! A pseudo-terminal session with the real eksnet binary, for the tests
//! of what only happens on a terminal (the wizard, colour).
//!
//! The screen is read without blocking and polled every few milliseconds
//! (expectrl's own `expect` spins on the CPU, which starves the program
//! under test on a 2-core machine); ANSI control sequences are stripped
//! before matching, and each match moves a cursor forward so an older
//! drawing of the same text cannot match again. Timeouts are generous
//! (20 s a step) because only a hang should ever reach them.

use expectrl::Session;
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const DOWN: &str = "\x1b[B";
pub const NONE: &str = "\x1b[D";
pub const CTRL_C: &str = "\x03";
pub const BACKSPACE: &str = "\x7f";

pub struct Pty {
    session: Session,
    raw: Vec<u8>,
    /// Position in the stripped screen text up to which matches are used up.
    cursor: usize,
    eof: bool,
}

/// The text of a terminal stream without its control sequences.
pub fn strip_ansi(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    // CSI: parameters and intermediates, then one final byte.
                    for c in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    // OSC: up to BEL or ESC \.
                    while let Some(c) = chars.next() {
                        if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

impl Pty {
    /// eksnet on a new pty (80×24) in `dir`, TERM=xterm-256color, NO_COLOR=1.
    pub fn spawn(dir: &Path, args: &[&str]) -> Pty {
        Self::spawn_env(dir, args, &[("NO_COLOR", Some("1"))])
    }

    /// As `spawn`, with environment variables set (`Some`) or removed (`None`).
    pub fn spawn_env(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Pty {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("eksnet"));
        cmd.args(args)
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env_remove("COLUMNS")
            .env_remove("LINES");
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let session = Session::spawn(cmd).expect("spawn eksnet on a pty");
        Pty {
            session,
            raw: Vec::new(),
            cursor: 0,
            eof: false,
        }
    }

    /// Read whatever the program has written so far.
    fn pump(&mut self) {
        let mut buf = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => {
                    self.eof = true;
                    return;
                }
                Ok(n) => self.raw.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                // Linux reports EIO on the pty once the child has exited.
                Err(_) => {
                    self.eof = true;
                    return;
                }
            }
        }
    }

    pub fn screen(&self) -> String {
        strip_ansi(&self.raw)
    }

    /// Everything written so far, control sequences included.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Wait until `needle` appears after the previous match.
    pub fn wait_for(&mut self, needle: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            let screen = self.screen();
            if let Some(i) = screen.get(self.cursor..).and_then(|s| s.find(needle)) {
                self.cursor += i + needle.len();
                return;
            }
            if self.eof || start.elapsed() > TIMEOUT {
                panic!(
                    "{} waiting for {needle:?}; the screen so far:\n{screen}",
                    if self.eof {
                        "the program ended"
                    } else {
                        "timed out"
                    }
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).expect("write keys");
        self.session.flush().expect("flush keys");
    }

    /// Wait for `prompt`, then type `keys`.
    pub fn answer(&mut self, prompt: &str, keys: &str) {
        self.wait_for(prompt);
        self.send(keys);
    }

    /// Read to the end and return the exit code.
    pub fn finish(mut self) -> (i32, String) {
        let start = Instant::now();
        while !self.eof {
            self.pump();
            if start.elapsed() > TIMEOUT {
                panic!("eksnet did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let status = self.session.get_process().wait().expect("wait for eksnet");
        let code = match status {
            expectrl::WaitStatus::Exited(_, code) => code,
            other => panic!(
                "eksnet ended with {other:?}; the screen:\n{}",
                self.screen()
            ),
        };
        (code, self.screen())
    }
}
