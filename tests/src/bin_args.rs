//! The command lines of the helper binaries (`fake-graph`, `example-endpoint`): options written
//! `--name value` or `--name=value`, and `--port` as a number.

/// The process's arguments, read one option at a time.
#[derive(Debug)]
pub struct Args {
    args: std::iter::Skip<std::env::Args>,
    usage: &'static str,
}

/// One option: its name, and its value when written `--name=value`.
#[derive(Debug)]
pub struct Opt {
    pub name: String,
    inline: Option<String>,
}

impl Args {
    /// The arguments after the program's name; `usage` ends every error.
    pub fn from_env(usage: &'static str) -> Args {
        Args { args: std::env::args().skip(1), usage }
    }

    /// The next option; `Err(usage)` for `--help`.
    pub fn next_option(&mut self) -> Option<Result<Opt, String>> {
        let arg = self.args.next()?;
        if arg == "--help" || arg == "-h" {
            return Some(Err(self.usage.to_owned()));
        }
        Some(Ok(match arg.split_once('=') {
            Some((name, value)) => Opt { name: name.to_owned(), inline: Some(value.to_owned()) },
            None => Opt { name: arg, inline: None },
        }))
    }

    /// The option's value: written after `=`, or the next argument.
    pub fn value(&mut self, option: &Opt) -> Result<String, String> {
        option
            .inline
            .clone()
            .or_else(|| self.args.next())
            .ok_or(format!("{} needs a value\n{}", option.name, self.usage))
    }

    /// The option's value as a port number.
    pub fn port(&mut self, option: &Opt) -> Result<u16, String> {
        let text = self.value(option)?;
        text.parse().map_err(|_| format!("{} wants a number, got {text}", option.name))
    }

    /// The error for an option the binary does not know.
    pub fn unknown(&self, option: &Opt) -> String {
        format!("unknown argument {}\n{}", option.name, self.usage)
    }
}
