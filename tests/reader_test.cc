// Readers: text files, JSONL lines, directories, byte-order marks, errors as documents.
#include <catch2/catch.hpp>
#include <filesystem>

#include "reader/document_source.h"
#include "temp_dir.h"

using namespace quoth;
using quoth::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<Document> read_all(std::vector<std::string> paths, InputOptions options = {}) {
  auto source = DocumentSource::open(std::move(paths), std::move(options));
  std::vector<Document> docs;
  Document doc;
  while (source->next(doc)) docs.push_back(doc);
  return docs;
}

}  // namespace

TEST_CASE("a text file is one document whose id is its path", "[reader]") {
  TempDir dir;
  auto p = dir.write("a.txt", "Hello.\n");
  auto docs = read_all({p});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == p);
  CHECK(docs[0].text == "Hello.\n");
}

TEST_CASE("byte-order marks: UTF-8 dropped, UTF-16 decoded", "[reader]") {
  TempDir dir;
  auto bom8 = dir.write("bom8.txt", "\xEF\xBB\xBFHi");
  auto le = dir.write("le.txt", std::string("\xFF\xFE" "H\0i\0 \0\x1C\x20", 10));
  auto be = dir.write("be.txt", std::string("\xFE\xFF\0H\xD8\x3D\xDE\x00", 8));
  auto docs = read_all({bom8, le, be});
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].text == "Hi");
  CHECK(docs[1].text == "Hi \xE2\x80\x9C");
  CHECK(docs[2].text == "H\xF0\x9F\x98\x80");
}

TEST_CASE("JSONL: one document per non-blank line, errors name the line", "[reader]") {
  TempDir dir;
  auto p = dir.write("c.jsonl",
                     "{\"id\":\"x\",\"text\":\"one\",\"url\":\"u\",\"n\":{\"a\":1}}\n"
                     "\n"
                     "{\"text\":\"no id\"}\n"
                     "{\"id\":7,\"body\":\"other field\"}\n"
                     "{\"id\":\"t\",\"text\":\"cut\n");
  InputOptions options;
  options.keep = {"url", "n"};
  auto docs = read_all({p}, options);
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].id == "x");
  CHECK(docs[0].text == "one");
  REQUIRE(docs[0].passthrough.size() == 2);
  CHECK(docs[0].passthrough[0] == std::pair<std::string, std::string>{"url", "\"u\""});
  CHECK(docs[0].passthrough[1].second == "{\"a\":1}");
  CHECK(docs[1].id == p + ":3");
  CHECK(docs[1].line == 3);
  CHECK(docs[2].id == "7");
  CHECK(docs[2].read_error_code == "bad_jsonl");
  CHECK(docs[3].read_error_message.find(":5:") != std::string::npos);
}

TEST_CASE("JSONL: a null id names no id, error records keep the --keep fields", "[reader]") {
  TempDir dir;
  auto p = dir.write("e.jsonl",
                     "{\"id\":null,\"text\":\"Hi.\"}\n"
                     "{\"id\":\"x\",\"url\":\"u\",\"text\":5}\n"
                     "{\"url\":\"v\",\"id\":\"y\"}\n");
  InputOptions options;
  options.keep = {"url"};
  auto docs = read_all({p}, options);
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].id == p + ":1");
  CHECK(docs[0].read_error_code.empty());
  for (size_t i : {1, 2}) {
    CHECK(docs[i].read_error_code == "bad_jsonl");
    REQUIRE(docs[i].passthrough.size() == 1);
    CHECK(docs[i].passthrough[0].first == "url");
  }
  CHECK(docs[1].id == "x");
  CHECK(docs[2].id == "y");
}

TEST_CASE("JSONL: a custom text field and invalid UTF-8 inside a line", "[reader]") {
  TempDir dir;
  auto p = dir.write("d.jsonl", "{\"id\":\"a\",\"body\":\"caf\xE9\"}\n");
  InputOptions options;
  options.text_field = "body";
  auto docs = read_all({p}, options);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].read_error_code.empty());
  CHECK(docs[0].text == "caf\xEF\xBF\xBD");
}

TEST_CASE("JSONL: a line is valid UTF-8 by RFC 3629's rules, and an invalid one names its first bad byte",
          "[reader]") {
  // Each line: {"id":"x","text":"ab<bytes>"}; the text starts at byte 18 of the line (from 0).
  struct Case {
    std::string bytes;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"\xF0\x9F\x98\x80", true},   // U+1F600
      {"\xED\x9F\xBF", true},        // U+D7FF, the last before the surrogates
      {"\xF4\x8F\xBF\xBF", true},   // U+10FFFF
      {"\xC0\xAF", false},           // overlong '/'
      {"\xE0\x80\xAF", false},       // overlong '/' in three bytes
      {"\xED\xA0\x80", false},       // U+D800, a surrogate
      {"\xF4\x90\x80\x80", false},  // above U+10FFFF
      {"\xF8\x88\x80\x80\x80", false},
      {"\xE2\x82", false},           // truncated before the closing quote
  };
  TempDir dir;
  for (const Case& c : cases) {
    // Also after 70 more ASCII bytes: validators that read many bytes at a time meet them later.
    for (const size_t pad : {size_t{0}, size_t{70}}) {
      const std::string ascii(pad, 'a');
      auto p = dir.write("u.jsonl", "{\"id\":\"x\",\"text\":\"ab" + ascii + c.bytes + "\"}\n");
      InputOptions options;
      options.encoding_errors = EncodingErrors::Fail;
      auto docs = read_all({p}, options);
      INFO("bytes " << c.bytes.size() << " after " << pad + 2 << " letters");
      REQUIRE(docs.size() == 1);
      if (c.valid) {
        CHECK(docs[0].read_error_code.empty());
        CHECK(docs[0].text == "ab" + ascii + c.bytes);
      } else {
        CHECK(docs[0].read_error_code == "invalid_utf8");
        CHECK(docs[0].read_error_message.ends_with("invalid UTF-8 at byte " + std::to_string(pad + 20) + " of the line"));
      }
    }
  }
}

TEST_CASE("directories are walked recursively in sorted order, filtered by --glob", "[reader]") {
  TempDir dir;
  dir.write("b/2.txt", "two");
  dir.write("a/1.txt", "one");
  dir.write("a/skip.md", "no");
  InputOptions options;
  options.glob = "*.txt";
  auto docs = read_all({dir.path.string()}, options);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text == "one");
  CHECK(docs[1].text == "two");
}

TEST_CASE("a directory walk leaves out hidden names and reports dangling links", "[reader]") {
  TempDir dir;
  dir.write("a.txt", "one");
  dir.write(".hidden.txt", "no");
  dir.write(".git/objects/x.txt", "no");
  dir.write("sub/.cache/y.txt", "no");
  dir.write("sub/b.txt", "two");
  fs::create_symlink(dir.path / "a.txt", dir.path / "link.txt");
  fs::create_symlink(dir.path / "gone.txt", dir.path / "dangling.txt");
  fs::create_directory_symlink(dir.path / "sub", dir.path / "sublink");
  auto docs = read_all({dir.path.string()});
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].text == "one");
  CHECK(docs[1].id == (dir.path / "dangling.txt").string());
  CHECK(docs[1].read_error_code == "unreadable");
  CHECK(docs[2].text == "one");  // link.txt
  CHECK(docs[3].text == "two");
}

TEST_CASE("auto format: a .txt name is text even when it opens with '{'", "[reader]") {
  TempDir dir;
  auto p = dir.write("notes.txt", "{\"id\":\"q\",\"text\":\"t\"}\n{\"id\":\"r\",\"text\":\"u\"}\n");
  auto docs = read_all({p});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == p);
  CHECK(docs[0].text.starts_with("{\"id\""));
}

TEST_CASE("auto format: content starting with '{' is JSONL", "[reader]") {
  TempDir dir;
  auto p = dir.write("noext", "  {\"id\":\"q\",\"text\":\"t\"}\n{\"id\":\"r\",\"text\":\"u\"}\n");
  auto docs = read_all({p});
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].id == "q");
  CHECK(docs[1].line == 2);
}

TEST_CASE("JSONL: a UTF-8 byte-order mark opening the stream is dropped", "[reader]") {
  TempDir dir;
  const std::string lines = "\xEF\xBB\xBF{\"id\":\"q\",\"text\":\"t\"}\n{\"id\":\"r\",\"text\":\"u\"}\n";
  auto named = dir.write("bom.jsonl", lines);
  auto sniffed = dir.write("bom-noext", lines);
  auto docs = read_all({named, sniffed});
  REQUIRE(docs.size() == 4);
  for (size_t i : {0, 2}) {
    CHECK(docs[i].read_error_code.empty());
    CHECK(docs[i].id == "q");
    CHECK(docs[i].text == "t");
    CHECK(docs[i + 1].id == "r");
  }
}

TEST_CASE("JSONL: a partial byte-order mark does not make a stream JSONL", "[reader]") {
  TempDir dir;
  auto p = dir.write("partial", "\xEF\xBB{\"id\":\"q\"}\n");
  auto docs = read_all({p});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == p);
  CHECK(docs[0].text.ends_with("{\"id\":\"q\"}\n"));
}

TEST_CASE("auto format: blank lines before the first record still count as lines", "[reader]") {
  TempDir dir;
  auto p = dir.write("blank-first", "\n \n{\"text\":\"t\"}\n{\"id\":1,\"text\":2}\n");
  auto docs = read_all({p});
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].line == 3);
  CHECK(docs[0].id == p + ":3");
  CHECK(docs[1].read_error_message.find(":4:") != std::string::npos);
}

TEST_CASE("a missing file yields an error document, not nothing", "[reader]") {
  auto docs = read_all({"/nonexistent/quoth/file.txt"});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].read_error_code == "unreadable");
}
