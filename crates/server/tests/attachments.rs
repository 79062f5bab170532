//! Files on messages (FILE-1…FILE-3) and avatars (AUTH-7) over real HTTP: upload, thumbnail and download by a member;
//! nobody else gets them; uploads are what their bytes say, images without their metadata, bombs and
//! broken images refused; limits answered with 413; a file is stored once and let go with the last
//! message that had it.

mod common;

use std::io::Cursor;

use common::{TestServer, id};
use image::{DynamicImage, ImageFormat, RgbImage, RgbaImage};
use img_parts::{ImageEXIF, jpeg::Jpeg};
use reqwest::StatusCode;
use serde_json::{Value, json};
use woxly_server::attachments::links::{Links, Variant};

fn picture(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let picture = if format == ImageFormat::Png {
        DynamicImage::ImageRgba8(RgbaImage::from_fn(width, height, |x, y| image::Rgba([x as u8, y as u8, 90, 200])))
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 90])))
    };
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

/// anna's room with boris as a member; carl is in no room of theirs.
async fn room_of_two(server: &TestServer) -> [(Value, String); 3] {
    let [anna, boris, carl] =
        <[(Value, String); 3]>::try_from(server.register_all(&["anna", "boris", "carl"]).await).expect("three");
    server.befriend(&anna.1, &boris.0, &boris.1).await;
    let room = server.create_room(&anna.1, "photos", &[&boris.0]).await;
    let joined = server.post(&format!("/api/rooms/{}/join", room["id"]), json!({}), Some(&boris.1)).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    let room_id = id(&room);
    [(json!({"roomId": room_id, "user": anna.0}), anna.1), boris, carl]
}

async fn send_files(server: &TestServer, token: &str, room_id: i64, caption: &str, ids: &[i64]) -> Value {
    let sent = server
        .post("/api/messages", json!({"roomId": room_id, "content": caption, "attachmentIds": ids}), Some(token))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    sent.body["message"].clone()
}

async fn links(server: &TestServer, token: &str, attachment: i64) -> Value {
    let reply = server.get(&format!("/api/attachments/{attachment}"), Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

/// Files stored in the files directory (thumbnails included), temporary ones apart.
fn stored_files(server: &TestServer) -> Vec<String> {
    let mut names = Vec::new();
    for shard in std::fs::read_dir(server.data_dir.path().join("files")).expect("files dir").flatten() {
        if shard.file_name() != "tmp" {
            names.extend(
                std::fs::read_dir(shard.path())
                    .expect("shard")
                    .flatten()
                    .map(|f| f.file_name().to_string_lossy().into_owned()),
            );
        }
    }
    names
}

#[tokio::test]
async fn a_member_sees_the_thumbnail_and_downloads_the_file_and_nobody_else_does() {
    let server = TestServer::start().await;
    let [(anna, anna_token), (boris, boris_token), (carl, carl_token)] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let png = picture(ImageFormat::Png, 640, 480);
    // The client calls it a text file; its bytes say PNG.
    let uploaded = server.upload(&anna_token, room_id, "holiday.txt", png.clone()).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);
    let attachment = &uploaded.body["attachment"];
    assert_eq!(
        (&attachment["contentType"], &attachment["kind"], &attachment["width"], &attachment["height"]),
        (&json!("image/png"), &json!("image"), &json!(640), &json!(480))
    );
    let attachment_id = id(attachment);
    // Before it is sent, only the uploader may see it.
    assert_eq!(
        server.get(&format!("/api/attachments/{attachment_id}"), Some(&boris_token)).await.status,
        StatusCode::NOT_FOUND
    );

    let message = send_files(&server, &anna_token, room_id, "the beach", &[attachment_id]).await;
    assert_eq!(message["attachments"][0]["id"], attachment_id);
    let page = server.get(&format!("/api/messages?roomId={room_id}"), Some(&boris_token)).await;
    assert_eq!(page.body["messages"][0]["attachments"][0]["name"], "holiday.txt");

    let links = links(&server, &boris_token, attachment_id).await;
    let (status, headers, thumbnail) = server.fetch(links["thumbnailUrl"].as_str().expect("thumbnail")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png", "a picture with transparency keeps it");
    let small = image::load_from_memory(&thumbnail).expect("a thumbnail");
    assert_eq!((small.width(), small.height()), (400, 300));
    let (status, headers, file) = server.fetch(links["url"].as_str().expect("url")).await;
    assert_eq!((status, file == png), (StatusCode::OK, true), "the member gets the very file");
    assert!(headers["content-disposition"].to_str().expect("ascii").starts_with("inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // carl: no links, and boris's link rewritten for carl is refused.
    assert_eq!(
        server.get(&format!("/api/attachments/{attachment_id}"), Some(&carl_token)).await.status,
        StatusCode::NOT_FOUND
    );
    let url = links["url"].as_str().expect("url");
    let forged = url.replace(&format!("u={}", boris["id"]), &format!("u={}", carl["id"]));
    assert_eq!(server.fetch(&forged).await.0, StatusCode::NOT_FOUND);

    // An expired link, signed with the server's own key, is refused.
    let key = std::fs::read(server.data_dir.path().join("file-links.key")).expect("key");
    let signer = Links::new(key, 60);
    let past = woxly_domain::time::Timestamp::now().millis() / 1000 - 1;
    let boris_id = boris["id"].as_i64().expect("id");
    let signature = signer.sign(attachment_id, Variant::File, boris_id, past);
    let expired = format!("/api/attachments/{attachment_id}/file?u={boris_id}&e={past}&s={signature}");
    assert_eq!(server.fetch(&expired).await.0, StatusCode::NOT_FOUND);

    // boris removed from the room: his link, still unexpired, stops working.
    let removed = server
        .call(reqwest::Method::DELETE, &format!("/api/rooms/{room_id}/members/{boris_id}"), None, Some(&anna_token))
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);
    assert_eq!(server.fetch(url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        server.get(&format!("/api/attachments/{attachment_id}"), Some(&boris_token)).await.status,
        StatusCode::NOT_FOUND
    );
    server.stop().await;
}

#[tokio::test]
async fn pages_and_svgs_only_ever_download() {
    let server = TestServer::start().await;
    let [(anna, token), ..] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>".to_vec();
    let page = b"<html><script>alert(1)</script></html>".to_vec();
    for (name, bytes, sniffed) in [("page.html", page, "text/html"), ("image.svg", svg, "application/octet-stream")] {
        let uploaded = server.upload(&token, room_id, name, bytes).await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);
        // What it is, for the card's icon; never served as such.
        let attachment = &uploaded.body["attachment"];
        assert_eq!((&attachment["kind"], &attachment["contentType"]), (&json!("file"), &json!(sniffed)));
        let links = links(&server, &token, id(&uploaded.body["attachment"])).await;
        assert!(links.get("thumbnailUrl").is_none());
        let (status, headers, _) = server.fetch(links["url"].as_str().expect("url")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/octet-stream");
        let disposition = headers["content-disposition"].to_str().expect("ascii");
        assert!(disposition.starts_with("attachment;") && disposition.contains(name), "{disposition}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        assert!(policy.contains("default-src 'none'") && policy.contains("sandbox"), "{policy}");
    }
    server.stop().await;
}

/// A PNG of `width` × `height` whose pixel data is `data` (not necessarily valid).
fn png_claiming(width: u32, height: u32, data: &[u8]) -> Vec<u8> {
    fn chunk(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(body);
        let mut out = (body.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&crc_input);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        out
    }
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    png.extend(chunk(b"IDAT", data));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// CRC-32 (IEEE), bit by bit: only to make test PNGs.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[tokio::test]
async fn bombs_and_broken_images_are_refused_and_leave_nothing() {
    let server = TestServer::start().await;
    let [(anna, token), ..] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let bomb = png_claiming(50_000, 50_000, &[0u8; 1000]);
    assert!(bomb.len() < 1100, "about a kilobyte");
    let refused = server.upload(&token, room_id, "bomb.png", bomb).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "image_too_large"), "{:?}", refused.body);
    let broken = server.upload(&token, room_id, "broken.png", png_claiming(10, 10, b"not zlib at all")).await;
    assert_eq!((broken.status, broken.code()), (StatusCode::BAD_REQUEST, "invalid_image"), "{:?}", broken.body);
    let truncated = picture(ImageFormat::Jpeg, 300, 200)[..400].to_vec();
    let broken = server.upload(&token, room_id, "cut.jpg", truncated).await;
    assert_eq!((broken.status, broken.code()), (StatusCode::BAD_REQUEST, "invalid_image"), "{:?}", broken.body);
    assert!(stored_files(&server).is_empty());
    assert_eq!(
        std::fs::read_dir(server.data_dir.path().join("files/tmp")).expect("tmp").count(),
        0,
        "no temporary file left"
    );
    assert_eq!(server.db.count("SELECT COUNT(*) FROM attachments").await, 0);
    server.stop().await;
}

/// EXIF with a GPS position: a TIFF (big-endian) whose first directory points to a GPS directory
/// holding a map datum with the position's text in it.
fn exif_with_gps() -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    // IFD0: one entry, GPSInfo (0x8825) LONG → the GPS directory at 26.
    tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: one entry, GPSMapDatum (0x0012) ASCII × 16 at 44.
    tiff.extend_from_slice(&[0, 1, 0, 0x12, 0, 2, 0, 0, 0, 16, 0, 0, 0, 44, 0, 0, 0, 0]);
    tiff.extend_from_slice(b"GPS 55.7558N 37\0");
    tiff
}

#[tokio::test]
async fn a_photo_loses_its_gps_position_before_it_is_stored() {
    let server = TestServer::start().await;
    let [(anna, token), ..] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let mut jpeg = Jpeg::from_bytes(picture(ImageFormat::Jpeg, 120, 80).into()).expect("jpeg");
    jpeg.set_exif(Some(exif_with_gps().into()));
    let photo = jpeg.encoder().bytes().to_vec();
    assert!(photo.windows(12).any(|w| w == b"GPS 55.7558N"), "the upload carries the position");

    let uploaded = server.upload(&token, room_id, "photo.jpg", photo.clone()).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);
    let attachment_id = id(&uploaded.body["attachment"]);
    let links = links(&server, &token, attachment_id).await;
    let (_, _, stored) = server.fetch(links["url"].as_str().expect("url")).await;
    assert!(!stored.windows(12).any(|w| w == b"GPS 55.7558N"), "the position is gone");
    assert!(Jpeg::from_bytes(stored.clone().into()).expect("still a JPEG").exif().is_none());
    assert_eq!(image::load_from_memory(&stored).expect("decodes").width(), 120, "the picture itself is kept");
    // So is every file on disk: the stored file is the cleaned one.
    for name in stored_files(&server) {
        let path = server.data_dir.path().join("files").join(&name[..2]).join(&name);
        assert!(!std::fs::read(path).expect("file").windows(12).any(|w| w == b"GPS 55.7558N"));
    }
    server.stop().await;
}

#[tokio::test]
async fn limits_are_answered_with_413_and_the_limit() {
    let server = TestServer::start_with(&[
        "--max-file-bytes",
        "1000",
        "--max-files-per-message",
        "2",
        "--max-upload-bytes-per-user",
        "1500",
    ])
    .await;
    let [(anna, token), ..] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let big = server.upload(&token, room_id, "big.bin", vec![7u8; 1001]).await;
    assert_eq!(
        (big.status, big.code(), &big.body["limit"]),
        (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large", &json!(1000))
    );
    let body_too_large = server.upload(&token, room_id, "huge.bin", vec![7u8; 200_000]).await;
    assert_eq!((body_too_large.status, body_too_large.code()), (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large"));

    let mut ids = Vec::new();
    for n in 0..3u8 {
        let small = server.upload(&token, room_id, "small.bin", vec![n; 400]).await;
        assert_eq!(small.status, StatusCode::CREATED, "{:?}", small.body);
        ids.push(id(&small.body["attachment"]));
    }
    let over = server.upload(&token, room_id, "more.bin", vec![9u8; 400]).await;
    assert_eq!(
        (over.status, over.code(), &over.body["limit"]),
        (StatusCode::PAYLOAD_TOO_LARGE, "upload_quota_exceeded", &json!(1500))
    );
    let three = server
        .post("/api/messages", json!({"roomId": room_id, "content": "", "attachmentIds": ids}), Some(&token))
        .await;
    assert_eq!(
        (three.status, three.code(), &three.body["limit"]),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_many_attachments", &json!(2))
    );
    assert!(
        server.get(&format!("/api/messages?roomId={room_id}"), Some(&token)).await.body["messages"]
            .as_array()
            .expect("page")
            .is_empty()
    );
    assert_eq!(std::fs::read_dir(server.data_dir.path().join("files/tmp")).expect("tmp").count(), 0);
    server.stop().await;
}

#[tokio::test]
async fn a_file_sent_twice_is_stored_once_and_deleted_with_the_last_message_that_had_it() {
    let server = TestServer::start().await;
    let [(anna, token), (_, boris_token), _] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let png = picture(ImageFormat::Png, 50, 50);
    let first = id(&server.upload(&token, room_id, "a.png", png.clone()).await.body["attachment"]);
    let second = id(&server.upload(&token, room_id, "b.png", png).await.body["attachment"]);
    assert_eq!(stored_files(&server).len(), 2, "one file and its thumbnail");
    let one = send_files(&server, &token, room_id, "", &[first]).await;
    let two = send_files(&server, &token, room_id, "again", &[second]).await;

    // Bad input changes nothing: someone else's upload, one sent already, one of another room.
    let reused = server
        .post("/api/messages", json!({"roomId": room_id, "content": "x", "attachmentIds": [first]}), Some(&token))
        .await;
    assert_eq!((reused.status, reused.code()), (StatusCode::BAD_REQUEST, "invalid_attachment"));
    let own = id(&server.upload(&token, room_id, "c.bin", vec![1, 2, 3]).await.body["attachment"]);
    let theirs = server
        .post("/api/messages", json!({"roomId": room_id, "content": "x", "attachmentIds": [own]}), Some(&boris_token))
        .await;
    assert_eq!((theirs.status, theirs.code()), (StatusCode::BAD_REQUEST, "invalid_attachment"));
    let empty = server.post("/api/messages", json!({"roomId": room_id, "content": " "}), Some(&token)).await;
    assert_eq!(empty.code(), "message_empty", "no text and no file");

    let path = |message: &Value| format!("/api/messages/{}", message["id"]);
    assert_eq!(
        server.call(reqwest::Method::DELETE, &path(&one), None, Some(&token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(stored_files(&server).len() >= 2, "still in the other message");
    assert_eq!(
        server.call(reqwest::Method::DELETE, &path(&two), None, Some(&token)).await.status,
        StatusCode::NO_CONTENT
    );
    // The cancelled upload goes too.
    assert_eq!(
        server.call(reqwest::Method::DELETE, &format!("/api/attachments/{own}"), None, Some(&token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(stored_files(&server).is_empty(), "{:?}", stored_files(&server));
    assert_eq!(server.db.count("SELECT COUNT(*) FROM attachments").await, 0);
    server.stop().await;
}

/// A second of silence as a WAV file (44-byte header, 8 kHz, 8-bit mono).
fn wav() -> Vec<u8> {
    let samples = 8000u32;
    let mut wav = b"RIFF".to_vec();
    wav.extend_from_slice(&(36 + samples).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&[16, 0, 0, 0, 1, 0, 1, 0]);
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&[1, 0, 8, 0]);
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&samples.to_le_bytes());
    wav.extend(std::iter::repeat_n(128u8, samples as usize));
    wav
}

#[tokio::test]
async fn audio_plays_in_the_page_and_can_be_sought() {
    let server = TestServer::start().await;
    let [(anna, token), ..] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    let uploaded = server.upload(&token, room_id, "voice note.wav", wav()).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);
    assert_eq!(uploaded.body["attachment"]["kind"], "audio");
    let links = links(&server, &token, id(&uploaded.body["attachment"])).await;
    let url = server.url(links["url"].as_str().expect("url"));
    // A player asks for a part of the file when it seeks.
    let part = reqwest::Client::new().get(&url).header("range", "bytes=44-143").send().await.expect("sent");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert!(part.headers()["content-type"].to_str().expect("ascii").starts_with("audio/"));
    assert!(part.headers()["content-disposition"].to_str().expect("ascii").starts_with("inline"));
    assert_eq!(part.bytes().await.expect("body").len(), 100);
    server.stop().await;
}

/// Sends a multipart upload of `size` bytes as a client that writes the whole request before it reads
/// the answer (Node's fetch does; RFC 9112 §9.6), over a plain TCP connection; the answer's status
/// line and body. A server that answered and closed without reading the rest would make the writes fail.
async fn upload_whole_then_read(server: &TestServer, token: &str, room_id: i64, size: usize) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut connection = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let (head, tail) = (
        "--b\r\ncontent-disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\ncontent-type: application/octet-stream\r\n\r\n",
        "\r\n--b--\r\n",
    );
    let length = head.len() + size + tail.len();
    let request = format!(
        "POST /api/rooms/{room_id}/attachments HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {token}\r\n\
         content-type: multipart/form-data; boundary=b\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n{head}"
    );
    connection.write_all(request.as_bytes()).await.expect("the head is written");
    let chunk = vec![7u8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        connection.write_all(&chunk[..n]).await.expect("the whole body is written: the server reads it all");
        left -= n;
    }
    connection.write_all(tail.as_bytes()).await.expect("the end is written");
    let mut answer = Vec::new();
    connection.read_to_end(&mut answer).await.expect("the answer is read");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.lines().next().unwrap_or_default().to_owned();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

/// Issue 29: an upload refused before its body is read — too large by its length, too large on the way,
/// or to a room the caller may not see — still reaches a client that writes its whole body first as the
/// answer (413 with the limit, or 404), not as a broken pipe.
#[tokio::test]
async fn an_upload_refused_early_is_answered_to_a_client_that_sends_it_all() {
    let server = TestServer::start_with(&["--max-file-bytes", "1000000"]).await;
    let [(anna, token), _, (_, carl_token)] = room_of_two(&server).await;
    let room_id = anna["roomId"].as_i64().expect("room");
    // What a client checks a file against before sending it.
    let limits = server.get("/api/attachments/limits", Some(&token)).await;
    assert_eq!(limits.body, json!({"maxFileBytes": 1_000_000, "maxFilesPerMessage": 10}));
    for (who, size, status, code) in [
        (&token, 8_000_000, "413", "file_too_large"),
        (&token, 1_300_000, "413", "file_too_large"),
        (&carl_token, 900_000, "404", "not_found"),
    ] {
        let (line, body) = upload_whole_then_read(&server, who, room_id, size).await;
        assert!(line.contains(status), "{size} bytes: {line}");
        assert!(body.contains(code), "{size} bytes: {body}");
    }
    let (line, _) = upload_whole_then_read(&server, &token, room_id, 900_000).await;
    assert!(line.contains("201"), "a file under the limit is still taken: {line}");
    server.stop().await;
}

/// AUTH-7: uploads `bytes` as my avatar.
async fn upload_avatar(server: &TestServer, token: &str, bytes: Vec<u8>) -> common::Reply {
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("me.jpg"));
    let request = reqwest::Client::new().put(server.url("/api/users/me/avatar")).bearer_auth(token).multipart(form);
    common::reply(request.send().await.expect("request sent")).await
}

fn avatar_files(server: &TestServer) -> usize {
    std::fs::read_dir(server.data_dir.path().join("files/avatars")).expect("avatars dir").count()
}

#[tokio::test]
async fn an_uploaded_avatar_is_a_square_without_metadata_in_two_sizes_and_replacing_it_deletes_the_old() {
    let server = TestServer::start().await;
    let [(_, token), (boris, boris_token), _] = room_of_two(&server).await;
    let mut jpeg = Jpeg::from_bytes(picture(ImageFormat::Jpeg, 600, 300).into()).expect("jpeg");
    jpeg.set_exif(Some(exif_with_gps().into()));

    let uploaded = upload_avatar(&server, &token, jpeg.encoder().bytes().to_vec()).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{:?}", uploaded.body);
    let url = uploaded.body["user"]["avatarUrl"].as_str().expect("avatarUrl").to_owned();
    assert!(url.starts_with("/api/avatars/"), "{url}");
    // Others see it in what they get of her, and fetch it without a token (as <img src> does).
    let friends = server.list("/api/friends", &boris_token, "friends").await;
    assert_eq!(friends[0]["avatarUrl"], url.as_str(), "{}", boris["username"]);
    for (link, side) in [(url.clone(), 256), (format!("{url}?size=small"), 64)] {
        let (status, headers, bytes) = server.fetch(&link).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        assert_eq!(headers["content-type"], "image/jpeg");
        assert!(headers["cache-control"].to_str().expect("ascii").contains("immutable"));
        let image = image::load_from_memory(&bytes).expect("decodes");
        assert_eq!((image.width(), image.height()), (side, side), "a square of {side}");
        assert!(!bytes.windows(12).any(|w| w == b"GPS 55.7558N"), "the position is gone");
    }
    assert_eq!(avatar_files(&server), 2);

    // A new one replaces it: the old URL is gone, and so are its files.
    let again = upload_avatar(&server, &token, picture(ImageFormat::Png, 40, 90)).await;
    let new_url = again.body["user"]["avatarUrl"].as_str().expect("avatarUrl").to_owned();
    assert_ne!(new_url, url);
    assert_eq!(server.fetch(&url).await.0, StatusCode::NOT_FOUND, "the old one is gone");
    let (_, headers, bytes) = server.fetch(&new_url).await;
    assert_eq!(headers["content-type"], "image/png", "transparency kept");
    assert_eq!(image::load_from_memory(&bytes).expect("decodes").width(), 40, "never scaled up");
    assert_eq!(avatar_files(&server), 2);

    // What is not a picture, or too large, changes nothing.
    for (bytes, code) in [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(), "invalid_image"),
        (Vec::new(), "empty_file"),
        (vec![0xFF; 10 * 1024 * 1024 + 1], "file_too_large"),
    ] {
        let refused = upload_avatar(&server, &token, bytes).await;
        assert_eq!(refused.code(), code, "{:?}", refused.body);
    }
    for bad in ["/api/avatars/..%2F..%2Fwoxly.db", "/api/avatars/nope.jpg", &format!("{new_url}?size=huge")] {
        assert!(server.fetch(bad).await.0.is_client_error(), "{bad}");
    }
    assert_eq!(server.get("/api/users/me", Some(&token)).await.body["user"]["avatarUrl"], new_url.as_str());

    // Cleared: no avatar, no files.
    let cleared = server.call(reqwest::Method::DELETE, "/api/users/me/avatar", None, Some(&token)).await;
    assert_eq!(cleared.body["user"]["avatarUrl"], Value::Null);
    assert_eq!(avatar_files(&server), 0);
}
