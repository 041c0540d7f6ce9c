//! `${…}` bindings: reading the whole-string form Meta's schema accepts, and printing it back.

use std::fmt;

use super::{Binding, Scope};

impl Scope {
    /// The word written in bindings: `data` or `form`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Data => "data",
            Scope::Form => "form",
        }
    }

    pub(crate) fn from_word(word: &str) -> Option<Scope> {
        match word {
            "data" => Some(Scope::Data),
            "form" => Some(Scope::Form),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Binding {
    /// Parses exactly one `${…}` binding (the whole string); `None` if it is not one.
    ///
    /// Follows Meta's pattern `^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}`: path keys are
    /// ASCII letters, digits, `_` and `-`; screen ids are letters, `_` and `,` (and must not be empty).
    pub fn parse(text: &str) -> Option<Binding> {
        let inner = text.strip_prefix("${")?.strip_suffix('}')?;
        let mut words = inner.split('.');
        let (screen, scope_word) = match words.next()? {
            "screen" => {
                let screen_id = words.next()?;
                if !is_screen_id(screen_id) {
                    return None;
                }
                (Some(screen_id.to_owned()), words.next()?)
            }
            word => (None, word),
        };
        let scope = Scope::from_word(scope_word)?;
        let path: Vec<String> = words.map(str::to_owned).collect();
        if path.is_empty() || !path.iter().all(|key| is_path_key(key)) {
            return None;
        }
        Some(Binding { screen, scope, path })
    }

    /// `${data.…}` or `${form.…}` on the current screen.
    pub fn local(scope: Scope, path: &[&str]) -> Binding {
        Binding { screen: None, scope, path: path.iter().map(|key| (*key).to_owned()).collect() }
    }

    /// `${screen.S.data.…}` or `${screen.S.form.…}`.
    pub fn global(screen: &str, scope: Scope, path: &[&str]) -> Binding {
        Binding { screen: Some(screen.to_owned()), ..Binding::local(scope, path) }
    }

    /// The same reference cut to its first `length` keys.
    pub(crate) fn with_path_prefix(&self, length: usize) -> Binding {
        Binding {
            screen: self.screen.clone(),
            scope: self.scope,
            path: self.path.iter().take(length).cloned().collect(),
        }
    }
}

impl fmt::Display for Binding {
    /// Gives back the `${…}` text.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("${")?;
        if let Some(screen) = &self.screen {
            write!(formatter, "screen.{screen}.")?;
        }
        write!(formatter, "{}.{}}}", self.scope, self.path.join("."))
    }
}

fn is_screen_id(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|character| character.is_ascii_alphabetic() || "_,".contains(character))
}

/// A key as Meta's pattern `[\w-]+` allows it (JavaScript's `\w` is ASCII only).
fn is_path_key(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|character| character.is_ascii_alphanumeric() || "_-".contains(character))
}
