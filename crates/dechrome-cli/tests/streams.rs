//! Streams as pipelines use them: JSONL records on standard input or in files of any size,
//! compressed or not, cleaned in bounded batches and written in input order with every input
//! field kept.

mod common;

use common::dechrome;
use serde_json::{json, Value};
use std::fs;
use std::io::{BufRead, Read, Write};
use std::process::{Command, Stdio};

/// A record of its own words, with chrome lines the default rules remove.
fn record(n: usize) -> Value {
    let text = format!(
        "Story {n} begins with the council meeting on day {n}.\nShare this article\nThe vote on item {n} passed after {} hours.",
        n % 7 + 1
    );
    json!({"id": n, "text": text, "url": format!("https://news{}.example.org/{n}", n % 3), "lang": "en"})
}

fn jsonl(records: &[Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

fn lines(output: &[u8]) -> Vec<Value> {
    output.lines().map(|l| serde_json::from_str(&l.unwrap()).unwrap()).collect()
}

/// `dechrome clean - --format jsonl --out -` with `input` on stdin and `args`.
fn clean_stdin(input: &[u8], args: &[&str]) -> std::process::Output {
    dechrome().args(["clean", "-", "--format", "jsonl", "--out", "-"]).args(args).write_stdin(input).output().unwrap()
}

#[test]
fn stdin_records_keep_their_fields_and_order_whatever_the_number_of_jobs() {
    // More records than a batch holds, so the order is kept across batches.
    let records: Vec<Value> = (0..2500).map(record).collect();
    let input = jsonl(&records);
    let one = clean_stdin(input.as_bytes(), &["--jobs", "1"]);
    let two = clean_stdin(input.as_bytes(), &["--jobs", "2"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(one.stdout, two.stdout);
    let out = lines(&one.stdout);
    assert_eq!(out.len(), records.len());
    for (n, (line, input)) in out.iter().zip(&records).enumerate() {
        let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
        // The input's fields first, in their order (the clean text in the place of `text`).
        assert_eq!(keys[..4], ["id", "text", "url", "lang"], "{line}");
        assert_eq!((&line["id"], &line["url"], &line["lang"]), (&input["id"], &input["url"], &input["lang"]));
        assert_eq!(line["source"], format!("stdin:{}", n + 1));
        assert!(!line["text"].as_str().unwrap().contains("Share this article"), "{line}");
        assert_eq!(line["site"], format!("news{}.example.org", n % 3));
        assert_eq!(line["id"], n, "the input's id, as it was");
    }
}

#[test]
fn field_names_are_chosen_and_collisions_follow_the_documented_rule() {
    let input = jsonl(&[
        json!({"doc": "a-1", "raw_content": "The bridge opens in May.\nShare this article", "format": "news", "title": "Given", "site": null}),
        json!({"doc": 2, "html": "<html><head><title>Harbour</title></head><body><p>The harbour reopened.</p></body></html>"}),
    ]);
    let output = clean_stdin(input.as_bytes(), &["--text-field", "raw_content", "--id-field", "doc"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let out = lines(&output.stdout);
    let first = out[0].as_object().unwrap();
    // The content field keeps its raw value; the clean text is `text`.
    assert_eq!(first["raw_content"], "The bridge opens in May.\nShare this article");
    assert_eq!(first["text"], "The bridge opens in May.\n");
    assert_eq!((&first["doc"], &first["id"]), (&json!("a-1"), &json!("a-1")));
    // `format` differs from dechrome's: kept, renamed. dechrome found no title: the input's
    // stays in its place. `site` was null: dropped, dechrome's written.
    assert_eq!((&first["input_format"], &first["format"]), (&json!("news"), &json!("text")));
    assert!(first["site"].is_null() && !first.contains_key("input_site"), "{first:?}");
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(keys[..4], ["doc", "raw_content", "input_format", "title"]);
    assert_eq!(first["title"], "Given");
    assert_eq!((&out[1]["id"], &out[1]["title"]), (&json!("2"), &json!("Harbour")));
    assert!(out[1]["html"].as_str().unwrap().starts_with("<html>"));
}

#[test]
fn a_bad_record_fails_alone_with_its_line_number() {
    let mut input = jsonl(&[record(1)]).into_bytes();
    input.extend_from_slice(b"{\"text\": \"a NUL \x00 in the line\"}\n");
    input.extend_from_slice(b"not json at all\n");
    input.extend_from_slice(b"{\"text\": \"caf\xE9 latin-1\"}\n");
    input.extend_from_slice(b"[1, 2]\n\n");
    input.extend_from_slice(format!("{}\n", json!({"text": "x".repeat(4000)})).as_bytes());
    input.extend_from_slice(jsonl(&[record(2)]).as_bytes());
    let output = clean_stdin(&input, &["--max-bytes", "2K"]);
    assert_eq!(output.status.code(), Some(1), "some records failed");
    let out = lines(&output.stdout);
    let errors: Vec<(String, bool)> =
        out.iter().map(|l| (l["source"].as_str().unwrap().to_string(), l["error"].is_null())).collect();
    let expected = [
        ("stdin:1", true),
        ("stdin:2", false),
        ("stdin:3", false),
        ("stdin:4", true),
        ("stdin:5", false),
        ("stdin:7", false),
        ("stdin:8", true),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(s, ok)| ((*s).to_string(), *ok)).collect();
    assert_eq!(errors, expected);
    // A line in another charset is decoded as a whole file would be.
    assert_eq!(out[3]["text"], "caf\u{e9} latin-1");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("failed stdin:7:") && stderr.contains("2048"), "{stderr}");
}

#[test]
fn a_text_field_is_read_as_a_text_file_is() {
    let page = "<!DOCTYPE html><html><head><title>Harbour</title></head><body><p>The harbour reopened on Monday after a long winter of repairs.</p></body></html>";
    let input = jsonl(&[
        json!({"text": page}),
        json!({"text": "The ferry\r\nruns at dawn \u{93}daily\u{94}.\r\n"}),
        json!({"text": "  \n \n"}),
        json!({"text": "A bell \u{7} rings, \u{1} and \u{2} and \u{3} and \u{4} and \u{5} and \u{6} and \u{8}."}),
    ]);
    let output = clean_stdin(input.as_bytes(), &[]);
    let out = lines(&output.stdout);
    // A page in a text field is cleaned as a page, as a `.txt` file holding it would be.
    assert_eq!((&out[0]["format"], &out[0]["title"]), (&json!("html"), &json!("Harbour")));
    assert_eq!(out[0]["text"], "The harbour reopened on Monday after a long winter of repairs.\n");
    // Line ends and Windows-1252 quotes read as C1 controls are repaired.
    assert_eq!(out[1]["text"], "The ferry\nruns at dawn \u{201c}daily\u{201d}.\n");
    // Blank text and control bytes fail the record, never a silent empty text.
    for failed in &out[2..] {
        assert!(failed["error"].is_string() && failed["text"].is_null(), "{failed}");
    }
    assert_eq!(output.status.code(), Some(1));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn compressed_files_are_streamed_and_outputs_compressed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let records: Vec<Value> = (0..40).map(record).collect();
    // Two gzip members, as `cat a.gz b.gz` makes.
    let members = [gzip(jsonl(&records[..15]).as_bytes()), gzip(jsonl(&records[15..]).as_bytes())].concat();
    fs::write(input.join("a.jsonl.gz"), members).unwrap();
    fs::write(input.join("b.jsonl.zst"), zstd::encode_all(jsonl(&records).as_bytes(), 3).unwrap()).unwrap();
    // Truncated: the records before the cut come out, then one error; the run goes on.
    let whole = gzip(jsonl(&records).as_bytes());
    fs::write(input.join("c.jsonl.gz"), &whole[..whole.len() / 2]).unwrap();
    let zst = zstd::encode_all(jsonl(&records).as_bytes(), 3).unwrap();
    fs::write(input.join("d.jsonl.zst"), &zst[..zst.len() / 2]).unwrap();

    let out = dir.path().join("out.jsonl.gz");
    let status = dechrome().arg("clean").arg(&input).args(["--format", "jsonl", "--out"]).arg(&out).output().unwrap();
    assert_eq!(status.status.code(), Some(1), "{}", String::from_utf8_lossy(&status.stderr));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(&out).unwrap()).read_to_string(&mut text).unwrap();
    let out = lines(text.as_bytes());
    let from = |name: &str| out.iter().filter(|l| l["source"].as_str().unwrap().starts_with(name)).count();
    assert_eq!((from("a.jsonl.gz:"), from("b.jsonl.zst:")), (40, 40));
    // zstd gives nothing of a block cut short: these 40 records are one block.
    assert!(
        (1..40).contains(&from("c.jsonl.gz:")) && from("d.jsonl.zst:") < 40,
        "{} {}",
        from("c.jsonl.gz:"),
        from("d.jsonl.zst:")
    );
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("failed c.jsonl.gz:") && stderr.contains("failed d.jsonl.zst:"), "{stderr}");
}

#[test]
fn a_fifo_and_dev_stdin_are_read_as_streams() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl(&(0..5).map(record).collect::<Vec<_>>());
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let (fifo, input) = (fifo.clone(), input.clone());
        std::thread::spawn(move || fs::write(fifo, input).unwrap())
    };
    let output = dechrome().arg("clean").arg(&fifo).args(["--format", "jsonl", "--out", "-"]).output().unwrap();
    writer.join().unwrap();
    assert_eq!(lines(&output.stdout).len(), 5, "{}", String::from_utf8_lossy(&output.stderr));

    // A file redirected to standard input, named as /dev/stdin.
    let file = dir.path().join("records");
    fs::write(&file, &input).unwrap();
    let output = Command::new(assert_cmd::cargo::cargo_bin("dechrome"))
        .args(["clean", "/dev/stdin", "--format", "jsonl", "--out", "-"])
        .stdin(fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert_eq!(lines(&output.stdout).len(), 5, "{}", String::from_utf8_lossy(&output.stderr));

    // A page on standard input, into a folder.
    let page = "<html><head><title>Vote</title></head><body><p>The council voted.</p></body></html>";
    let out = dir.path().join("out");
    dechrome().args(["clean", "-", "--stdin-format", "html", "--out"]).arg(&out).write_stdin(page).assert().success();
    let written = lines(&fs::read(out.join("stdin.jsonl")).unwrap());
    assert_eq!((&written[0]["title"], &written[0]["text"]), (&json!("Vote"), &json!("The council voted.\n")));
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    let input = jsonl(&(0..20_000).map(record).collect::<Vec<_>>());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("dechrome"))
        .args(["clean", "-", "--format", "jsonl", "--out", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // The run may stop reading once its output is gone.
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("\"source\":\"stdin:1\""), "{first}");
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// One WARC record, gzipped on its own as Common Crawl writes them.
fn warc_record(kind: &str, uri: &str, n: usize, block: &[u8]) -> Vec<u8> {
    let content_type =
        if kind == "response" { "application/http; msgtype=response" } else { "application/octet-stream" };
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-0{n}T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{n:08}-0000-4000-8000-000000000000>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    gzip(&record)
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    response.extend_from_slice(body);
    response
}

/// A WARC of mixed records: two pages (one in Latin-1, said by its HTTP header), an image, a
/// 404, a request and a metadata record.
fn mixed_warc() -> Vec<u8> {
    let page = "<html><head><title>Budget</title></head><body><article><p>The council approved the budget on Tuesday.</p></article></body></html>";
    let (latin, _, _) =
        encoding_rs::WINDOWS_1252.encode("<html><body><p>Caf\u{e9} owners welcomed the plan.</p></body></html>");
    [
        warc_record("request", "https://news.example.com/budget", 1, b"GET /budget HTTP/1.1\r\n\r\n"),
        warc_record(
            "response",
            "https://news.example.com/budget",
            2,
            &http("200 OK", "text/html; charset=utf-8", page.as_bytes()),
        ),
        warc_record("metadata", "https://news.example.com/budget", 3, b"fetchTimeMs: 12\r\n"),
        warc_record("response", "https://news.example.com/logo.png", 4, &http("200 OK", "image/png", b"\x89PNG")),
        warc_record(
            "response",
            "https://news.example.com/gone",
            5,
            &http("404 Not Found", "text/html", b"<p>gone</p>"),
        ),
        warc_record(
            "response",
            "https://www.other.org/cafe",
            6,
            &http("200 OK", "text/html; charset=\"ISO-8859-1\"", &latin),
        ),
    ]
    .concat()
}

#[test]
fn warc_captures_are_cleaned_with_their_record_metadata_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let warc = mixed_warc();
    fs::write(input.join("crawl.warc.gz"), &warc).unwrap();
    // Cut inside its last record: the records before come out, then one error; the run goes on.
    fs::write(input.join("cut.warc.gz"), &warc[..warc.len() - 40]).unwrap();
    fs::write(input.join("page.html"), "<html><body><p>A page beside the WARC files.</p></body></html>").unwrap();
    let report = dir.path().join("report.json");
    let output = dechrome()
        .arg("clean")
        .arg(&input)
        .args(["--format", "jsonl", "--out", "-", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let out = lines(&output.stdout);
    let from_crawl: Vec<&Value> = out.iter().filter(|l| l["source"].as_str().unwrap().starts_with("crawl")).collect();
    assert_eq!(from_crawl.len(), 2);
    let (budget, cafe) = (from_crawl[0], from_crawl[1]);
    assert_eq!(budget["source"], "crawl.warc.gz:2");
    assert_eq!(
        (&budget["url"], &budget["site"]),
        (&json!("https://news.example.com/budget"), &json!("news.example.com"))
    );
    assert_eq!(budget["warc_record_id"], "urn:uuid:00000002-0000-4000-8000-000000000000");
    assert_eq!((&budget["warc_date"], &budget["title"]), (&json!("2024-05-02T10:00:00Z"), &json!("Budget")));
    assert_eq!(budget["text"], "The council approved the budget on Tuesday.\n");
    assert_eq!((&cafe["site"], &cafe["encoding"]), (&json!("www.other.org"), &json!("windows-1252")));
    assert!(cafe["text"].as_str().unwrap().starts_with("Caf\u{e9} owners"), "{cafe}");
    // The cut file: its first page, then its broken last record.
    let cut: Vec<&Value> = out.iter().filter(|l| l["source"].as_str().unwrap().starts_with("cut")).collect();
    assert_eq!(cut.len(), 1, "{cut:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("failed cut.warc.gz:6:"), "{stderr}");
    assert!(out.iter().any(|l| l["source"] == "page.html"));
    let summary: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let skipped = &summary["skipped_by_reason"];
    for reason in ["warc request record", "warc metadata record", "warc response: image/png", "warc response: HTTP 404"]
    {
        assert_eq!(skipped[reason], 2, "{reason}: {summary}");
    }
    assert_eq!((&summary["cleaned"], &summary["failed"]), (&json!(4), &json!(1)), "{summary}");
}

#[test]
fn parquet_written_reads_back_as_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let records: Vec<Value> = (0..30).map(record).collect();
    fs::write(input.join("records.jsonl"), jsonl(&records)).unwrap();
    fs::write(input.join("crawl.warc.gz"), mixed_warc()).unwrap();
    let run = |format: &str, out: &str| {
        let out = dir.path().join(out);
        let status =
            dechrome().arg("clean").arg(&input).args(["--format", format, "--out"]).arg(&out).output().unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        out
    };
    let as_jsonl = lines(&fs::read(run("jsonl", "out.jsonl")).unwrap());
    let table = run("parquet", "out.parquet");
    // dechrome reads its own Parquet back as records: the columns are the metadata fields,
    // `text`, and the input record's other fields as one JSON object.
    let output =
        dechrome().arg("clean").arg(&table).args(["--format", "jsonl", "--out", "-", "--no-learn"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = lines(&output.stdout);
    assert_eq!(rows.len(), as_jsonl.len());
    for (row, line) in rows.iter().zip(&as_jsonl) {
        for field in
            ["url", "site", "title", "warc_record_id", "warc_date", "words_in", "words_out", "removed", "content_hash"]
        {
            // Read back, the row's own fields are its input: the first run's values.
            let read =
                if row.get(format!("input_{field}")).is_some() { &row[format!("input_{field}")] } else { &row[field] };
            assert_eq!(read, line.get(field).unwrap_or(&Value::Null), "{field}: {row}");
        }
        assert_eq!(row["text"].as_str().unwrap().trim_end(), line["text"].as_str().unwrap().trim_end());
        if let Some(id) = line.get("lang") {
            let input: Value = serde_json::from_str(row["input"].as_str().unwrap()).unwrap();
            assert_eq!((&input["lang"], &input["id"]), (id, &line["id"]));
        }
    }
}

/// A page with a published date in its `<meta>` and one shown by its headline.
fn dated_page(meta_date: &str, shown: &str) -> String {
    let paragraph = "<p>The council approved the budget on Tuesday after a long debate about roads.</p>";
    format!(
        "<html><head><meta name=\"date\" content=\"{meta_date}\"></head><body><article><h1>Budget</h1>\
         <span class=\"date\">{shown}</span>{}</article></body></html>",
        paragraph.repeat(4)
    )
}

#[test]
fn a_record_s_url_and_a_warc_record_s_date_date_its_page() {
    // A record's URL path dates a page that states no date of its own.
    let page = dated_page("", "");
    let record = json!({"id": 1, "html": page, "url": "https://news.example.org/2019/04/03/budget/"});
    let out = clean_stdin(jsonl(&[record]).as_bytes(), &[]);
    assert_eq!(lines(&out.stdout)[0]["date"], "2019-04-03");
    // A date after the capture's WARC-Date (2024-05-02) is an event's, not the page's.
    let page = dated_page("2024-06-01", "3 April 2024");
    let warc =
        warc_record("response", "https://news.example.org/budget", 2, &http("200 OK", "text/html", page.as_bytes()));
    let out = clean_stdin(&warc, &["--stdin-format", "warc"]);
    let record = &lines(&out.stdout)[0];
    assert_eq!(
        (record["warc_date"].as_str(), record["date"].as_str()),
        (Some("2024-05-02T10:00:00Z"), Some("2024-04-03"))
    );
}
