//! Reading the model from JSON: the version scope, and where in the document an error happened.
//!
//! serde gives a `Deserialize` impl no context, so a read runs inside a thread-local *read scope*
//! ([`read`]) that holds the flow's version and the path from the document root to the value being
//! read. [`Tracked`] is a deserializer over a `serde_json::Value` that keeps that path up to date as
//! it enters object keys and array items; the innermost place an error passes through records the
//! path, and [`read`] puts it in front of the message (`screens[0].layout.children[2].label: …`).
//! The scope is restored when a read ends, so reads nest, and nothing here holds a borrow of the
//! scope while model code runs. A read refuses to nest deeper than JSON text can (128 levels), so a
//! built `Value` cannot exhaust the stack either.

use std::cell::RefCell;
use std::fmt::Write;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use crate::expr::Dynamic;
use crate::flow::ModelError;
use crate::version::FlowVersion;

/// serde_json's limit for JSON text; it also bounds the recursion of a read from a built `Value`.
const MAX_NESTING: usize = 128;

thread_local! {
    /// The read in progress on this thread, if any.
    static SCOPE: RefCell<Option<ReadScope>> = const { RefCell::new(None) };
}

/// What a read knows besides the value in hand.
#[derive(Debug)]
struct ReadScope {
    version: FlowVersion,
    /// Object keys and array indices from the document root to the value being read.
    path: Vec<Segment>,
    /// Where the error being returned happened, once one has.
    error_location: Option<ErrorLocation>,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
struct ErrorLocation {
    path: String,
    /// The innermost component the error is in (`TextInput 'email'`).
    component: Option<String>,
}

/// Reads a `T` from `value` with `version` in scope; an error names where it happened.
pub(crate) fn read<T: DeserializeOwned>(value: Value, version: FlowVersion) -> Result<T, ModelError> {
    struct Restore(Option<ReadScope>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPE.set(self.0.take());
        }
    }
    let scope = ReadScope { version, path: Vec::new(), error_location: None };
    let _restore = Restore(SCOPE.replace(Some(scope)));
    T::deserialize(Tracked(value)).map_err(|error| {
        let location =
            SCOPE.with_borrow_mut(|scope| scope.as_mut().and_then(|scope| scope.error_location.take()));
        let message = match location {
            Some(ErrorLocation { path, component: Some(component) }) if !path.is_empty() => {
                format!("{path} ({component}): {error}")
            }
            Some(ErrorLocation { path, component: None }) if !path.is_empty() => format!("{path}: {error}"),
            _ => error.to_string(),
        };
        ModelError::Invalid(message)
    })
}

/// The version of the read in progress, or an error explaining how to read the model.
pub(crate) fn version_in_scope() -> Result<FlowVersion, String> {
    SCOPE.with_borrow(|scope| scope.as_ref().map(|scope| scope.version)).ok_or_else(|| {
        "a Flow JSON value was read without a version; use `Flow::parse` or `flow::from_value_with_version`, \
         because the version decides how strings are read"
            .to_owned()
    })
}

/// The dynamic reading of a property string in the version in scope; `None` for a literal.
pub(crate) fn read_dynamic(text: &str) -> Result<Option<Dynamic>, String> {
    let version = version_in_scope()?;
    Dynamic::parse(text, version.id()).map_err(|error| error.wrapped_for_property(text))
}

/// Records that the error being returned is inside `component` (whose value is being read), unless
/// a component nested deeper already said so.
pub(crate) fn note_error_in_component(component: impl FnOnce() -> String) {
    SCOPE.with_borrow_mut(|scope| {
        let Some(scope) = scope else { return };
        let location = scope
            .error_location
            .get_or_insert_with(|| ErrorLocation { path: render(&scope.path), component: None });
        if location.component.is_none() {
            location.component = Some(component());
        }
    });
}

/// The JSON type of a value, as Meta's messages name it.
pub(crate) fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Enters an object key or array item, refusing to go deeper than JSON text can nest.
fn enter(segment: Segment) -> Result<(), serde_json::Error> {
    SCOPE.with_borrow_mut(|scope| {
        let Some(scope) = scope else { return Ok(()) };
        if scope.path.len() >= MAX_NESTING {
            return Err(de::Error::custom(format!("the document nests deeper than {MAX_NESTING} levels")));
        }
        scope.path.push(segment);
        Ok(())
    })
}

/// Leaves the innermost segment; on failure, records the path unless a deeper value already did, and
/// on success forgets any error recorded below (something recovered from it).
fn leave<T>(result: &Result<T, serde_json::Error>) {
    SCOPE.with_borrow_mut(|scope| {
        let Some(scope) = scope else { return };
        match result {
            Err(_) if scope.error_location.is_none() => {
                scope.error_location = Some(ErrorLocation { path: render(&scope.path), component: None });
            }
            Err(_) => (),
            Ok(_) => scope.error_location = None,
        }
        scope.path.pop();
    });
}

/// `screens[0].layout.children[2]`.
fn render(path: &[Segment]) -> String {
    let mut rendered = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) if rendered.is_empty() => rendered.push_str(key),
            Segment::Key(key) => {
                rendered.push('.');
                rendered.push_str(key);
            }
            Segment::Index(index) => {
                let _ = write!(rendered, "[{index}]");
            }
        }
    }
    rendered
}

/// A deserializer over a JSON value that keeps the read scope's path up to date.
pub(crate) struct Tracked(pub(crate) Value);

macro_rules! forward_to_value {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Tracked {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Object(entries) => visit_object(entries, visitor),
            Value::Array(items) => visit_array(items, visitor),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Array(items) => visit_array(items, visitor),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Object(entries) => visit_object(entries, visitor),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        // Not `Value::deserialize_struct`: it would read an array as the struct's fields in order,
        // which JSON objects never are, and keep that second reader of every struct in the build.
        let _ = (name, fields);
        match self.0 {
            Value::Object(entries) => visit_object(entries, visitor),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    forward_to_value! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier deserialize_ignored_any
    }
}

/// How serde names `value` in an "invalid type" error.
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(flag) => de::Unexpected::Bool(*flag),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(text) => de::Unexpected::Str(text),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    entries: Map<String, Value>,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let length = entries.len();
    let mut access = TrackedObject { entries: entries.into_iter(), value: None };
    let result = visitor.visit_map(&mut access)?;
    match access.entries.len() {
        0 => Ok(result),
        _ => Err(de::Error::invalid_length(length, &"fewer elements in map")),
    }
}

fn visit_array<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, serde_json::Error> {
    let length = items.len();
    let mut access = TrackedArray { items: items.into_iter().enumerate() };
    let result = visitor.visit_seq(&mut access)?;
    match access.items.len() {
        0 => Ok(result),
        _ => Err(de::Error::invalid_length(length, &"fewer elements in array")),
    }
}

struct TrackedObject {
    entries: serde_json::map::IntoIter,
    /// The value of the key just handed out, with that key.
    value: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for TrackedObject {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some((key.clone(), value));
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, serde_json::Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a map value was asked for before its key"));
        };
        enter(Segment::Key(key))?;
        let result = seed.deserialize(Tracked(value));
        leave(&result);
        result
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct TrackedArray {
    items: std::iter::Enumerate<std::vec::IntoIter<Value>>,
}

impl<'de> SeqAccess<'de> for TrackedArray {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, serde_json::Error> {
        let Some((index, item)) = self.items.next() else { return Ok(None) };
        enter(Segment::Index(index))?;
        let result = seed.deserialize(Tracked(item));
        leave(&result);
        result.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::flow::Flow;

    #[test]
    fn an_array_where_an_object_belongs_is_named_with_its_place() {
        let error = Flow::parse(r#"{"version": "7.3", "screens": [["WELCOME", "Hello"]]}"#).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("screens[0]"), "{message}");
        assert!(message.contains("invalid type: sequence, expected struct Screen"), "{message}");
    }
}
