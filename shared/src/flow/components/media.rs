//! Images and media pickers: Image, ImageCarousel, PhotoPicker and DocumentPicker
//! (§5.14, §5.15, §5.18, §5.19).

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::flow::prop::{Prop, Text};
use crate::flow::reading::{Tracked, json_type_name};

/// `Image`: a base64 JPEG or PNG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Image {
    /// Base64 image data (not a URL).
    pub src: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<Prop<u64>>,
    /// Width divided by height; default 1. Kept as the JSON number written (`1` or `1.5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<Prop<Number>>,
    /// Default `contain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_type: Option<Prop<ScaleType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// `ImageCarousel` (7.1+): one to three swipeable images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ImageCarousel {
    pub images: Prop<Vec<CarouselImage>>,
    /// Default `4:3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<Prop<CarouselAspectRatio>>,
    /// Default `contain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_type: Option<Prop<ScaleType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// One image of an [`ImageCarousel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CarouselImage {
    /// Base64 image data.
    pub src: String,
    pub alt_text: String,
}

/// `PhotoPicker` (4.0+): uploads photos; its form value is an array of media objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PhotoPicker {
    pub name: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Default `camera_gallery`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_source: Option<Prop<PhotoSource>>,
    /// KiB per file, 1–25600 (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_file_size_kb: Option<u64>,
    /// 0–30, default 0 (0 makes the picker optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_uploaded_photos: Option<u64>,
    /// 1–30, default 30.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_uploaded_photos: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<MediaErrorMessage>,
}

/// `DocumentPicker` (4.0+): uploads documents; its form value is an array of media objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DocumentPicker {
    pub name: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// KiB per file, 1–25600 (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_file_size_kb: Option<u64>,
    /// 0–30, default 0 (0 makes the picker optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_uploaded_documents: Option<u64>,
    /// 1–30, default 30.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_uploaded_documents: Option<u64>,
    /// MIME types such as `application/pdf`, from the list of §5.19.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_mime_types: Option<Prop<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<MediaErrorMessage>,
}

/// `error-message` of the pickers: one message, or one per uploaded file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MediaErrorMessage {
    Text(Text),
    /// `{media_id: message}`.
    PerFile(BTreeMap<String, Text>),
}

impl<'de> Deserialize<'de> for MediaErrorMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Text::read(text).map(MediaErrorMessage::Text).map_err(de::Error::custom),
            messages @ Value::Object(_) => BTreeMap::<String, Text>::deserialize(Tracked(messages))
                .map(MediaErrorMessage::PerFile)
                .map_err(de::Error::custom),
            other => Err(de::Error::custom(format!(
                "expected a string or an object of messages, found {}",
                json_type_name(&other)
            ))),
        }
    }
}

/// `scale-type` of Image and ImageCarousel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScaleType {
    Cover,
    Contain,
}

/// `aspect-ratio` of ImageCarousel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CarouselAspectRatio {
    #[serde(rename = "4:3")]
    FourToThree,
    #[serde(rename = "16:9")]
    SixteenToNine,
}

/// `photo-source` of PhotoPicker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSource {
    CameraGallery,
    Camera,
    Gallery,
}
