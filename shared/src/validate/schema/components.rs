//! Every component's schema: its properties, the version each appeared in, and where it may sit.
//!
//! The tables follow `flow-json.md` §4.1 (placement) and §5–§6 (properties).
//! A property that a version does not know is an unknown key in that version,
//! exactly as in Meta's generated schemas.

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, Path};
use crate::validate::dynamic::is_dynamic;
use crate::validate::schema::actions::Trigger;
use crate::validate::schema::rules;
use crate::validate::schema::{Checker, Context, Prop, Slot, Ty};
use crate::version::FlowVersion as V;

/// A component type: when it appeared, its properties, and any rule across properties.
#[derive(Debug)]
pub(crate) struct ComponentSpec {
    pub(crate) name: &'static str,
    pub(crate) since: V,
    pub(crate) props: &'static [Prop],
    /// Schema rules that relate properties (dependencies, exclusions).
    extra: Option<fn(&mut Checker<'_, '_>, &Node<'_>, &Path<'_>)>,
    /// An input that collects a value (and had to sit in a Form before 4.0).
    pub(crate) is_input: bool,
}

const fn spec(name: &'static str, since: V, props: &'static [Prop]) -> ComponentSpec {
    ComponentSpec { name, since, props, extra: None, is_input: false }
}

const fn input(name: &'static str, since: V, props: &'static [Prop]) -> ComponentSpec {
    ComponentSpec { name, since, props, extra: None, is_input: true }
}

const VISIBLE: Prop = Prop::new("visible", Ty::DynBool);
const ENABLED: Prop = Prop::new("enabled", Ty::DynBool);
const REQUIRED: Prop = Prop::new("required", Ty::DynBool);
const NAME: Prop = Prop::new("name", Ty::Name).required().min_chars(1);
const HELPER_TEXT: Prop = Prop::new("helper-text", Ty::DynStr);
const DESCRIPTION: Prop = Prop::new("description", Ty::DynStr);
const INIT_TEXT: Prop = Prop::new("init-value", Ty::DynStr).since(V::V4_0).outside_form();
const INIT_LIST: Prop = Prop::new("init-value", Ty::DynStrArray).since(V::V4_0).outside_form();
const ERROR_MESSAGE: Prop = Prop::new("error-message", Ty::DynStr).since(V::V4_0).outside_form();
const LABEL_VARIANT: Prop = Prop::new("label-variant", Ty::Enum(&["large"])).since(V::V7_0);
const FONT_WEIGHT: Prop = Prop::new("font-weight", Ty::DynEnum(&["bold", "italic", "bold_italic", "normal"]));
const MEDIA_SIZE: Prop = Prop::new("media-size", Ty::DynEnum(&["regular", "large"])).since(V::V5_0);
const CHOICE_SELECT: Prop = Prop::new("on-select-action", Ty::Action(Trigger::ChoiceSelect));
const UNSELECT: Prop = Prop::new("on-unselect-action", Ty::Action(Trigger::UpdateOnly)).since(V::V6_0);
const DYN_INT_MIN_0: Ty = Ty::DynNumber { integer: true, min: Some(0), max: None };

static TEXT_PROPS: &[Prop] = &[Prop::new("text", Ty::DynStr).required(), VISIBLE];
static BODY_PROPS: &[Prop] = &[
    Prop::new("text", Ty::DynTextLines).required(),
    VISIBLE,
    FONT_WEIGHT,
    Prop::new("strikethrough", Ty::DynBool),
    Prop::new("markdown", Ty::Bool).since(V::V5_1),
];

static TEXT_HEADING: ComponentSpec = spec("TextHeading", V::V2_1, TEXT_PROPS);
static TEXT_SUBHEADING: ComponentSpec = spec("TextSubheading", V::V2_1, TEXT_PROPS);
static TEXT_BODY: ComponentSpec = spec("TextBody", V::V2_1, BODY_PROPS);
static TEXT_CAPTION: ComponentSpec = spec("TextCaption", V::V2_1, BODY_PROPS);
static RICH_TEXT: ComponentSpec =
    spec("RichText", V::V5_1, &[Prop::new("text", Ty::DynTextLines).required(), VISIBLE]);

static TEXT_INPUT: ComponentSpec = ComponentSpec {
    extra: Some(rules::text_input_rules),
    ..input(
        "TextInput",
        V::V2_1,
        &[
            NAME,
            Prop::new("label", Ty::DynStr).required().min_chars(1),
            LABEL_VARIANT,
            Prop::new(
                "input-type",
                Ty::DynEnum(&["text", "number", "email", "password", "passcode", "phone"]),
            ),
            Prop::new("pattern", Ty::DynStr).since(V::V6_2),
            REQUIRED,
            Prop::new("min-chars", DYN_INT_MIN_0),
            Prop::new("max-chars", DYN_INT_MIN_0),
            HELPER_TEXT,
            ENABLED,
            VISIBLE,
            INIT_TEXT,
            ERROR_MESSAGE,
        ],
    )
};

static TEXT_AREA: ComponentSpec = input(
    "TextArea",
    V::V2_1,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required().min_chars(1),
        LABEL_VARIANT,
        REQUIRED,
        Prop::new("max-length", DYN_INT_MIN_0),
        HELPER_TEXT,
        ENABLED,
        VISIBLE,
        INIT_TEXT,
        ERROR_MESSAGE,
    ],
);

static CHECKBOX_GROUP: ComponentSpec = input(
    "CheckboxGroup",
    V::V2_1,
    &[
        NAME,
        Prop::new("data-source", Ty::DataSource(ItemKind::Choice)).required(),
        Prop::new("label", Ty::DynStr).required_since(V::V4_0),
        DESCRIPTION.since(V::V4_0),
        Prop::new("min-selected-items", DYN_INT_MIN_0),
        Prop::new("max-selected-items", Ty::DynNumber { integer: true, min: Some(2), max: None }),
        REQUIRED,
        ENABLED,
        VISIBLE,
        MEDIA_SIZE,
        INIT_LIST,
        ERROR_MESSAGE,
        CHOICE_SELECT,
        UNSELECT,
    ],
);

static RADIO_BUTTONS_GROUP: ComponentSpec = input(
    "RadioButtonsGroup",
    V::V2_1,
    &[
        NAME,
        Prop::new("data-source", Ty::DataSource(ItemKind::Choice)).required(),
        Prop::new("label", Ty::DynStr).required_since(V::V4_0),
        DESCRIPTION.since(V::V4_0),
        REQUIRED,
        ENABLED,
        VISIBLE,
        MEDIA_SIZE,
        INIT_TEXT,
        ERROR_MESSAGE,
        CHOICE_SELECT,
        UNSELECT,
    ],
);

static DROPDOWN: ComponentSpec = input(
    "Dropdown",
    V::V2_1,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required().min_chars(1),
        Prop::new("data-source", Ty::DataSource(ItemKind::Choice)).required(),
        REQUIRED,
        ENABLED,
        VISIBLE,
        INIT_TEXT,
        ERROR_MESSAGE,
        CHOICE_SELECT,
        UNSELECT,
    ],
);

static CHIPS_SELECTOR: ComponentSpec = input(
    "ChipsSelector",
    V::V6_3,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required(),
        Prop::new("data-source", Ty::DataSource(ItemKind::Chips)).required(),
        DESCRIPTION,
        Prop::new("min-selected-items", DYN_INT_MIN_0),
        Prop::new("max-selected-items", Ty::DynNumber { integer: true, min: Some(1), max: None }),
        REQUIRED,
        ENABLED,
        VISIBLE,
        INIT_LIST,
        ERROR_MESSAGE,
        Prop::new("on-select-action", Ty::Action(Trigger::ChipsSelect)).since(V::V7_1),
        Prop::new("on-unselect-action", Ty::Action(Trigger::UpdateOnly)).since(V::V7_1),
    ],
);

static FOOTER: ComponentSpec = ComponentSpec {
    extra: Some(rules::footer_rules),
    ..spec(
        "Footer",
        V::V2_1,
        &[
            Prop::new("label", Ty::DynStr).required().min_chars(1),
            Prop::new("on-click-action", Ty::Action(Trigger::FooterClick)).required(),
            Prop::new("left-caption", Ty::DynStr),
            Prop::new("right-caption", Ty::DynStr),
            Prop::new("center-caption", Ty::DynStr),
            ENABLED,
        ],
    )
};

static OPT_IN: ComponentSpec = input(
    "OptIn",
    V::V2_1,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required().min_chars(1),
        REQUIRED,
        VISIBLE,
        Prop::new("init-value", Ty::DynBool).since(V::V4_0).outside_form(),
        Prop::new("on-click-action", Ty::Action(Trigger::LinkClick)),
        Prop::new("on-select-action", Ty::Action(Trigger::UpdateOnly)).since(V::V6_0),
        UNSELECT,
    ],
);

static EMBEDDED_LINK: ComponentSpec = spec(
    "EmbeddedLink",
    V::V2_1,
    &[
        Prop::new("text", Ty::DynStr).required(),
        Prop::new("on-click-action", Ty::Action(Trigger::LinkClick)).required(),
        VISIBLE,
    ],
);

static DATE_PICKER: ComponentSpec = input(
    "DatePicker",
    V::V2_1,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required().min_chars(1),
        Prop::new("min-date", Ty::DynStr),
        Prop::new("max-date", Ty::DynStr),
        Prop::new("unavailable-dates", Ty::DynStrArray),
        HELPER_TEXT,
        REQUIRED,
        ENABLED,
        VISIBLE,
        Prop::new("on-select-action", Ty::Action(Trigger::DateSelect)),
        INIT_TEXT,
        ERROR_MESSAGE,
    ],
);

static CALENDAR_PICKER: ComponentSpec = input(
    "CalendarPicker",
    V::V6_1,
    &[
        NAME,
        Prop::new("label", Ty::DynStrOrRange).required(),
        Prop::new("title", Ty::DynStr),
        DESCRIPTION,
        Prop::new("helper-text", Ty::DynStrOrRange),
        Prop::new("required", Ty::DynBoolOrRange),
        ENABLED,
        VISIBLE,
        Prop::new("mode", Ty::DynEnum(&["single", "range"])),
        Prop::new("min-date", Ty::DynStr),
        Prop::new("max-date", Ty::DynStr),
        Prop::new("unavailable-dates", Ty::DynStrArray),
        Prop::new("include-days", Ty::DynEnumArray(&["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])),
        Prop::new("min-days", DYN_INT_MIN_0),
        Prop::new("max-days", DYN_INT_MIN_0),
        Prop::new("on-select-action", Ty::Action(Trigger::DateSelect)),
        Prop::new("init-value", Ty::DynStrOrRange).outside_form(),
        Prop::new("error-message", Ty::DynStrOrRange).outside_form(),
    ],
);

static IMAGE: ComponentSpec = spec(
    "Image",
    V::V2_1,
    &[
        Prop::new("src", Ty::DynStr).required(),
        Prop::new("width", DYN_INT_MIN_0),
        Prop::new("height", DYN_INT_MIN_0),
        Prop::new("aspect-ratio", Ty::DynNumber { integer: false, min: Some(0), max: None }),
        Prop::new("scale-type", Ty::DynEnum(&["cover", "contain"])),
        Prop::new("alt-text", Ty::DynStr),
        VISIBLE,
    ],
);

static IMAGE_CAROUSEL: ComponentSpec = ComponentSpec {
    extra: Some(rules::image_carousel_rules),
    ..spec(
        "ImageCarousel",
        V::V7_1,
        &[
            Prop::new("images", Ty::Any).required(),
            Prop::new("aspect-ratio", Ty::DynEnum(&["4:3", "16:9"])),
            Prop::new("scale-type", Ty::DynEnum(&["contain", "cover"])),
            VISIBLE,
        ],
    )
};

static NAVIGATION_LIST: ComponentSpec = ComponentSpec {
    extra: Some(rules::navigation_list_rules),
    ..spec(
        "NavigationList",
        V::V6_2,
        &[
            NAME,
            Prop::new("list-items", Ty::Any).required(),
            Prop::new("label", Ty::DynStr),
            DESCRIPTION,
            Prop::new("media-size", Ty::DynEnum(&["regular", "large"])),
            Prop::new("on-click-action", Ty::Action(Trigger::ListClick)),
        ],
    )
};

const MAX_FILE_SIZE_KB: Prop =
    Prop::new("max-file-size-kb", Ty::Number { integer: true, min: Some(1), max: Some(25_600) });
const PICKER_ERROR_MESSAGE: Prop = Prop::new("error-message", Ty::DynStrOrObject).outside_form();

static PHOTO_PICKER: ComponentSpec = input(
    "PhotoPicker",
    V::V4_0,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required(),
        DESCRIPTION,
        Prop::new("photo-source", Ty::DynEnum(&["camera_gallery", "camera", "gallery"])),
        MAX_FILE_SIZE_KB,
        Prop::new("min-uploaded-photos", Ty::Number { integer: true, min: Some(0), max: Some(30) }),
        Prop::new("max-uploaded-photos", Ty::Number { integer: true, min: Some(1), max: Some(30) }),
        ENABLED,
        VISIBLE,
        PICKER_ERROR_MESSAGE,
    ],
);

/// Every MIME type DocumentPicker accepts (`flow-json.md` §5.19).
pub(crate) const DOCUMENT_MIME_TYPES: &[&str] = &[
    "application/gzip",
    "application/msword",
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/zip",
    "image/avif",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/mpeg",
];

static DOCUMENT_PICKER: ComponentSpec = input(
    "DocumentPicker",
    V::V4_0,
    &[
        NAME,
        Prop::new("label", Ty::DynStr).required(),
        DESCRIPTION,
        MAX_FILE_SIZE_KB,
        Prop::new("min-uploaded-documents", Ty::Number { integer: true, min: Some(0), max: Some(30) }),
        Prop::new("max-uploaded-documents", Ty::Number { integer: true, min: Some(1), max: Some(30) }),
        Prop::new("allowed-mime-types", Ty::DynEnumArray(DOCUMENT_MIME_TYPES)),
        ENABLED,
        VISIBLE,
        PICKER_ERROR_MESSAGE,
    ],
);

static IF: ComponentSpec = ComponentSpec {
    extra: Some(rules::if_rules),
    ..spec(
        "If",
        V::V4_0,
        &[
            Prop::new("condition", Ty::Any).required(),
            Prop::new("then", Ty::Children(Slot::IfBranch)).required(),
            Prop::new("else", Ty::Children(Slot::IfBranch)),
        ],
    )
};

static SWITCH: ComponentSpec = ComponentSpec {
    extra: Some(rules::switch_rules),
    ..spec(
        "Switch",
        V::V4_0,
        &[Prop::new("value", Ty::Any).required(), Prop::new("cases", Ty::SwitchCases).required()],
    )
};

static FORM: ComponentSpec = spec(
    "Form",
    V::V2_1,
    &[
        Prop::new("name", Ty::Str).required().min_chars(1),
        Prop::new("children", Ty::Children(Slot::Form)).required(),
        Prop::new("init-values", Ty::DynObject),
        Prop::new("error-messages", Ty::DynObject),
    ],
);

static ALL: [&ComponentSpec; 24] = [
    &TEXT_HEADING,
    &TEXT_SUBHEADING,
    &TEXT_BODY,
    &TEXT_CAPTION,
    &RICH_TEXT,
    &TEXT_INPUT,
    &TEXT_AREA,
    &CHECKBOX_GROUP,
    &RADIO_BUTTONS_GROUP,
    &DROPDOWN,
    &CHIPS_SELECTOR,
    &FOOTER,
    &OPT_IN,
    &EMBEDDED_LINK,
    &DATE_PICKER,
    &CALENDAR_PICKER,
    &IMAGE,
    &IMAGE_CAROUSEL,
    &NAVIGATION_LIST,
    &PHOTO_PICKER,
    &DOCUMENT_PICKER,
    &IF,
    &SWITCH,
    &FORM,
];

/// The schema of component type `name`, whatever the version.
pub(crate) fn component_spec(name: &str) -> Option<&'static ComponentSpec> {
    ALL.iter().copied().find(|spec| spec.name == name)
}

/// The component types a slot can hold in some version, in Meta's order (§4.1).
fn slot_names(slot: Slot) -> &'static [&'static str] {
    match slot {
        Slot::Layout => &[
            "TextHeading",
            "TextSubheading",
            "TextBody",
            "TextCaption",
            "Image",
            "EmbeddedLink",
            "Footer",
            "Form",
            "If",
            "Switch",
            "TextInput",
            "TextArea",
            "CheckboxGroup",
            "RadioButtonsGroup",
            "Dropdown",
            "DatePicker",
            "OptIn",
            "PhotoPicker",
            "DocumentPicker",
            "RichText",
            "CalendarPicker",
            "NavigationList",
            "ChipsSelector",
            "ImageCarousel",
        ],
        Slot::Form => &[
            "TextInput",
            "TextArea",
            "CheckboxGroup",
            "RadioButtonsGroup",
            "Dropdown",
            "DatePicker",
            "EmbeddedLink",
            "Footer",
            "TextBody",
            "TextCaption",
            "TextHeading",
            "TextSubheading",
            "OptIn",
            "Image",
            "If",
            "Switch",
            "PhotoPicker",
            "DocumentPicker",
            "CalendarPicker",
            "NavigationList",
            "ChipsSelector",
            "ImageCarousel",
        ],
        Slot::IfBranch => &[
            "TextHeading",
            "TextSubheading",
            "TextBody",
            "TextCaption",
            "Image",
            "EmbeddedLink",
            "TextInput",
            "TextArea",
            "OptIn",
            "CheckboxGroup",
            "RadioButtonsGroup",
            "Dropdown",
            "DatePicker",
            "If",
            "Switch",
            "PhotoPicker",
            "DocumentPicker",
            "CalendarPicker",
            "ChipsSelector",
            "Footer",
        ],
        Slot::SwitchCase => &[
            "EmbeddedLink",
            "Footer",
            "TextHeading",
            "TextSubheading",
            "TextBody",
            "TextCaption",
            "Image",
            "TextInput",
            "TextArea",
            "OptIn",
            "CheckboxGroup",
            "RadioButtonsGroup",
            "Dropdown",
            "DatePicker",
            "PhotoPicker",
            "DocumentPicker",
            "CalendarPicker",
            "ChipsSelector",
        ],
    }
}

/// Whether `slot` accepts a component of type `name` in `version`.
fn admits(slot: Slot, version: V, context: Context, name: &str) -> bool {
    slot_names(slot).contains(&name)
        && component_spec(name).is_some_and(|spec| version >= spec.since)
        // ChipsSelector may sit in If/Switch only from 7.1.
        && (name != "ChipsSelector" || !matches!(slot, Slot::IfBranch | Slot::SwitchCase) || version >= V::V7_1)
        // A Footer may sit only in a top-level If, not a nested one.
        && (name != "Footer" || slot != Slot::IfBranch || context.if_depth <= 1)
}

/// The component types a slot accepts in `version`, for messages.
fn allowed_in(slot: Slot, version: V, context: Context) -> Vec<&'static str> {
    slot_names(slot).iter().copied().filter(|name| admits(slot, version, context, name)).collect()
}

/// Checks one component of a children list.
pub(crate) fn component(
    checker: &mut Checker<'_, '_>,
    node: &Node<'_>,
    path: &Path<'_>,
    slot: Slot,
    context: Context,
) {
    if node.as_object().is_none() {
        checker.wrong_type(path, node, "object");
        return;
    }
    let Some(type_member) = node.member("type") else {
        checker.missing(node, path, "type");
        return;
    };
    let type_path = path.key("type");
    let Some(type_name) = type_member.value.as_str() else {
        checker.wrong_type(&type_path, &type_member.value, "string");
        return;
    };
    let spec = component_spec(type_name).filter(|_| admits(slot, checker.version, context, type_name));
    let Some(spec) = spec else {
        let allowed = allowed_in(slot, checker.version, context);
        // Meta's documented answer for an unknown component type is INVALID_PROPERTY_VALUE
        // (graph-api.md §1.5), the code of a failed `type` enum.
        let message =
            format!("Invalid value found for property 'type'. Expected one of: [{}].", allowed.join(", "));
        checker.error(ErrorCode::InvalidPropertyValue, message, &type_path, type_member.value.span);
        return;
    };
    if spec.is_input && checker.version < V::V4_0 && !context.in_form {
        let message = format!("Property '{type_name}' must be defined inside parent property 'Form'.");
        checker.error(ErrorCode::OneOfSchemaValidationFailed, message, &type_path, type_member.value.span);
        return;
    }
    let inner = match spec.name {
        "Form" => Context { in_form: true, ..context },
        "If" => Context { if_depth: context.if_depth.saturating_add(1), ..context },
        _ => context,
    };
    checker.object(node, path, spec.props, Some(spec.name), inner);
    if let Some(extra) = spec.extra {
        extra(checker, node, path);
    }
}

/// The shape of data-source items, which differs for ChipsSelector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    Choice,
    Chips,
}

static CHOICE_ITEM: &[Prop] = &[
    Prop::new("id", Ty::Str).required(),
    Prop::new("title", Ty::Str).required(),
    Prop::new("description", Ty::Str),
    Prop::new("metadata", Ty::Str),
    ENABLED,
    Prop::new("image", Ty::DynStr).since(V::V5_0),
    Prop::new("alt-text", Ty::Str).since(V::V5_0),
    Prop::new("color", Ty::Str).since(V::V5_0),
    Prop::new("on-select-action", Ty::Action(Trigger::UpdateOnly)).since(V::V6_0),
    Prop::new("on-unselect-action", Ty::Action(Trigger::UpdateOnly)).since(V::V6_0),
];

static CHIPS_ITEM: &[Prop] = &[
    Prop::new("id", Ty::Str).required(),
    Prop::new("title", Ty::Str).required(),
    ENABLED,
    Prop::new("on-select-action", Ty::Action(Trigger::UpdateOnly)),
    Prop::new("on-unselect-action", Ty::Action(Trigger::UpdateOnly)),
];

/// `data-source`: a non-empty array of items, or a dynamic value.
pub(crate) fn data_source(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>, kind: ItemKind) {
    if node.as_str().is_some_and(|text| is_dynamic(text, checker.version)) {
        return;
    }
    let Some(items) = node.as_array() else {
        checker.wrong_type(path, node, "array");
        return;
    };
    if items.is_empty() {
        checker.min_items(node, path, 1);
    }
    let props = match kind {
        ItemKind::Choice => CHOICE_ITEM,
        ItemKind::Chips => CHIPS_ITEM,
    };
    for (idx, item) in items.iter().enumerate() {
        let item_path = path.index(idx);
        if !checker.object(item, &item_path, props, None, Context::default()) {
            continue;
        }
        if let Some(color) = item.get("color").and_then(Node::as_str)
            && !is_hex_color(color)
            && let Some(node) = item.get("color")
        {
            checker.error(
                ErrorCode::PatternMismatch,
                "Property 'color' should match the pattern '^#([0-9a-fA-F]{6})$'.",
                &item_path.key("color"),
                node.span,
            );
        }
    }
}

fn is_hex_color(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit())
}
