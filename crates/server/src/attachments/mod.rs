//! Files on messages (FILE-1…FILE-3), the server's side: the bytes. An upload is streamed to a
//! temporary file, checked ([`inspect`]: the type read from the content, images measured, stripped
//! of their metadata and given a thumbnail), then stored once per content ([`files`]). Members fetch
//! files through links signed for them ([`links`]), since `<img src>` cannot send a bearer token.
//! Who may do what is the domain's `service::attachments`.

pub mod files;
pub mod inspect;
pub mod links;
