//! What an uploaded file is, read from its bytes and never from the client's word: its content
//! type (`infer`'s magic numbers), and for images their size, a thumbnail and a copy without
//! metadata. An image is measured from its header before it is decoded, and decoded under memory
//! limits, so a small file that claims a huge picture (a decompression bomb) is refused, not obeyed.

use std::io::Cursor;
use woxly_protocol::error::ErrorCode;

use image::{
    DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, imageops::FilterType, metadata::Orientation,
};
use img_parts::{ImageEXIF, jpeg::Jpeg, png::Png, webp::WebP};
use woxly_domain::{Error, model::AttachmentKind};

/// Pictures larger than this on either side are refused.
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// Nor more pixels than this in all (a 50-megapixel phone photo passes).
pub const MAX_IMAGE_PIXELS: u64 = 60_000_000;
/// Memory one decode may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Thumbnails fit in this square.
pub const THUMBNAIL_SIDE: u32 = 400;

/// How many of a file's first bytes tell its type.
pub const SNIFF_BYTES: usize = 8192;

/// A file's type, from its first [`SNIFF_BYTES`]: images in the formats every browser shows, audio,
/// video, or a file to download (anything else, HTML and SVG included: they are text to `infer`).
pub fn sniff(head: &[u8]) -> (String, AttachmentKind) {
    let content_type = infer::get(head).map_or("application/octet-stream", |t| t.mime_type()).to_owned();
    let kind = match content_type.as_str() {
        "image/png" | "image/jpeg" | "image/webp" | "image/gif" => AttachmentKind::Image,
        t if t.starts_with("audio/") => AttachmentKind::Audio,
        t if t.starts_with("video/") => AttachmentKind::Video,
        _ => AttachmentKind::File,
    };
    (content_type, kind)
}

/// What the page needs to show an image, and what to store of it.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// The bytes to store instead of the upload's (its metadata removed), when they differ.
    pub cleaned: Option<Vec<u8>>,
    /// The thumbnail and its content type.
    pub thumbnail: (Vec<u8>, &'static str),
}

/// Reads an image whose type [`sniff`] gave: it must decode, within the limits.
pub fn picture(bytes: &[u8], content_type: &str) -> Result<Picture, Error> {
    let (format, mut picture, orientation) = decode(bytes, content_type)?;
    let cleaned = if orientation == Orientation::NoTransforms {
        without_metadata(bytes, format)?
    } else {
        // Turned upright, since the metadata that said how is removed: re-encoded once.
        picture.apply_orientation(orientation);
        Some(encode(&picture, ImageFormat::Jpeg)?)
    };
    let (width, height) = (picture.width(), picture.height());
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    // Photos as JPEG; pictures with transparency (screenshots, stickers) as PNG to keep it.
    let thumbnail = if small.color().has_alpha() {
        (encode(&small, ImageFormat::Png)?, "image/png")
    } else {
        (encode(&DynamicImage::ImageRgb8(small.to_rgb8()), ImageFormat::Jpeg)?, "image/jpeg")
    };
    Ok(Picture { width, height, cleaned, thumbnail })
}

/// An avatar's two sizes, each a square (AUTH-7).
pub struct AvatarImages {
    pub large: Vec<u8>,
    pub small: Vec<u8>,
    pub content_type: &'static str,
}

/// Sides of an avatar's two sizes, in pixels: the profile's, and lists'.
pub const AVATAR_LARGE_SIDE: u32 = 256;
pub const AVATAR_SMALL_SIDE: u32 = 64;

/// Reads an image whose type [`sniff`] gave (within the same limits as a picture), turns it upright,
/// crops its middle square and scales that to the two avatar sizes. Re-encoded, so nothing of the
/// upload's metadata survives; PNG when it has transparent pixels, JPEG otherwise.
pub fn avatar(bytes: &[u8], content_type: &str) -> Result<AvatarImages, Error> {
    let (_, mut picture, orientation) = decode(bytes, content_type)?;
    picture.apply_orientation(orientation);
    let side = picture.width().min(picture.height());
    let square = picture.crop_imm((picture.width() - side) / 2, (picture.height() - side) / 2, side, side);
    let sized = |target: u32| square.resize_exact(target.min(side), target.min(side), FilterType::Lanczos3);
    let (large, small) = (sized(AVATAR_LARGE_SIDE), sized(AVATAR_SMALL_SIDE));
    // Screenshots and canvases carry an alpha channel they do not use: only real transparency keeps PNG.
    let transparent = large.color().has_alpha() && large.to_rgba8().pixels().any(|pixel| pixel[3] < u8::MAX);
    if transparent {
        Ok(AvatarImages {
            large: encode(&large, ImageFormat::Png)?,
            small: encode(&small, ImageFormat::Png)?,
            content_type: "image/png",
        })
    } else {
        let jpeg = |image: DynamicImage| encode(&DynamicImage::ImageRgb8(image.to_rgb8()), ImageFormat::Jpeg);
        Ok(AvatarImages { large: jpeg(large)?, small: jpeg(small)?, content_type: "image/jpeg" })
    }
}

/// An image measured from its header, then decoded under the limits, with the orientation its
/// metadata gives (not yet applied).
fn decode(bytes: &[u8], content_type: &str) -> Result<(ImageFormat, DynamicImage, Orientation), Error> {
    let format = ImageFormat::from_mime_type(content_type).ok_or_else(invalid_image)?;
    let (width, height) = reader(bytes, format).into_dimensions().map_err(unreadable)?;
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(too_large());
    }
    let mut decoder = reader(bytes, format).into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    Ok((format, picture, orientation))
}

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader
}

/// The image without EXIF (where GPS positions live), XMP and text chunks, its pixels untouched.
/// GIF has no EXIF and is kept as it is.
fn without_metadata(bytes: &[u8], format: ImageFormat) -> Result<Option<Vec<u8>>, Error> {
    let owned = img_parts::Bytes::copy_from_slice(bytes);
    let cleaned = match format {
        ImageFormat::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(owned).map_err(|_| invalid_image())?;
            // APP1 holds EXIF and XMP, APP3…APP15 other makers' data, COM comments; APP0 (JFIF),
            // APP2 (the colour profile) and APP14 (Adobe's colour transform) are needed to show it.
            jpeg.segments_mut().retain(|s| {
                let marker = s.marker();
                !(marker == img_parts::jpeg::markers::APP1
                    || (0xE3..=0xED).contains(&marker)
                    || marker == 0xEF
                    || marker == img_parts::jpeg::markers::COM)
            });
            jpeg.encoder().bytes()
        }
        ImageFormat::Png => {
            let mut png = Png::from_bytes(owned).map_err(|_| invalid_image())?;
            png.set_exif(None);
            png.chunks_mut().retain(|c| !matches!(&c.kind(), b"tEXt" | b"zTXt" | b"iTXt" | b"tIME" | b"eXIf"));
            png.encoder().bytes()
        }
        ImageFormat::WebP => {
            let mut webp = WebP::from_bytes(owned).map_err(|_| invalid_image())?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            webp.encoder().bytes()
        }
        _ => return Ok(None),
    };
    Ok(Some(cleaned.to_vec()))
}

fn encode(picture: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, Error> {
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, format).map_err(|e| Error::Internal(format!("encoding an image: {e}")))?;
    Ok(out.into_inner())
}

/// Over the limits (what the header claims, or what decoding would allocate), or not an image.
fn unreadable(e: image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => too_large(),
        _ => invalid_image(),
    }
}

fn too_large() -> Error {
    Error::invalid(
        ErrorCode::ImageTooLarge,
        format!("an image is at most {MAX_IMAGE_SIDE} pixels a side and {MAX_IMAGE_PIXELS} pixels in all"),
    )
}

fn invalid_image() -> Error {
    Error::invalid(ErrorCode::InvalidImage, "this image cannot be read")
}
