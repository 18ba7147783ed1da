// Readers: text files (one document each), JSONL (one document per line), directories walked
// recursively, standard input. Every input yields at least one Document, errors included.
#include "reader/document_source.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_map>

#include "normalize/utf8.h"

namespace quoth {
namespace {

namespace fs = std::filesystem;

// Appends the rest of a stream to `out`, sized once from the file size when it is known; false
// and errno on failure.
bool read_rest(FILE* f, std::string& out) {
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.reserve(out.size() + static_cast<size_t>(st.st_size) + 1);
  }
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return !ferror(f);
}

// UTF-16 text with a byte-order mark becomes UTF-8 (unpaired surrogates become U+FFFD); a UTF-8
// byte-order mark is dropped. Offsets then count in the UTF-8 text quoth analyses.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

void decode_byte_order_mark(std::string& text) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.starts_with(kUtf8Bom)) {
    text.erase(0, kUtf8Bom.size());
    return;
  }
  if (text.size() < 2) return;
  const bool le = byte(0) == 0xFF && byte(1) == 0xFE;
  const bool be = byte(0) == 0xFE && byte(1) == 0xFF;
  if (!le && !be) return;
  std::string out;
  out.reserve(text.size());
  auto unit = [&](size_t i) -> char32_t {
    return le ? (byte(i) | (byte(i + 1) << 8)) : ((byte(i) << 8) | byte(i + 1));
  };
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < text.size()) {
      char32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        utf8::append(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
    utf8::append(out, u);
  }
  if (text.size() % 2) utf8::append(out, 0xFFFD);  // a dangling odd byte
  text.swap(out);
}

bool looks_like_jsonl_name(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".jsonlines";
}

// A name that says the file is plain text, whatever its first byte.
bool looks_like_text_name(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  return ext == ".txt" || ext == ".text";
}

// Makes a line valid UTF-8 so a JSON parser accepts it: each invalid byte becomes U+FFFD, or is
// dropped when `drop` is set (--encoding-errors skip).
void repair_invalid_utf8(std::string& line, bool drop) {
  std::string out;
  out.reserve(line.size() + 16);
  for (size_t i = 0; i < line.size();) {
    size_t n = utf8::sequence_length(line, i);
    if (n == 0) {
      if (!drop) out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(line, i, n);
      i += n;
    }
  }
  line.swap(out);
}

class Source final : public DocumentSource {
 public:
  Source(std::vector<std::string> paths, InputOptions options) : options_(std::move(options)) {
    if (paths.empty()) paths.push_back("-");
    pending_ = std::move(paths);
    std::reverse(pending_.begin(), pending_.end());
  }

  ~Source() override {
    close_current();
    free(buf_);
  }

  bool next(Document& doc) override {
    doc.id.clear();
    doc.text.clear();
    doc.passthrough.clear();
    doc.read_error_code.clear();
    doc.read_error_message.clear();
    doc.line = 0;
    for (;;) {
      if (current_ && jsonl_) {
        if (next_jsonl(doc)) return true;
        close_current();
        continue;
      }
      if (pending_.empty()) return false;
      std::string path = std::move(pending_.back());
      pending_.pop_back();
      if (open_path(path, doc)) return true;
    }
  }

 private:
  // Opens one path. Returns true when it produced a document by itself (a whole text file, or
  // an error); false when it queued more paths or opened a JSONL stream.
  bool open_path(const std::string& path, Document& doc) {
    doc.source = path;
    doc.id = path;
    FILE* f = nullptr;
    if (path == "-") {
      f = stdin;
    } else {
      if (auto walk_error = walk_errors_.find(path); walk_error != walk_errors_.end()) {
        doc.read_error_code = "unreadable";
        doc.read_error_message = std::move(walk_error->second);
        walk_errors_.erase(walk_error);
        return true;
      }
      std::error_code ec;
      if (fs::is_directory(path, ec)) {
        queue_directory(path);
        return false;
      }
      f = fopen(path.c_str(), "rb");
      if (!f) {
        doc.read_error_code = "unreadable";
        doc.read_error_message = fmt::format("cannot open {}: {}", path, strerror(errno));
        return true;
      }
    }
    InputFormat format = options_.format;
    if (format == InputFormat::Auto) {
      if (path != "-" && looks_like_jsonl_name(path)) {
        format = InputFormat::Jsonl;
      } else if (path != "-" && looks_like_text_name(path)) {
        format = InputFormat::Text;
      } else {
        // Sniff: a stream whose first non-blank byte is '{' is JSONL, after a UTF-8 byte-order
        // mark if it opens with one (Windows tools write them).
        int c = fgetc(f);
        while (sniffed_.size() < kUtf8Bom.size() && c == static_cast<unsigned char>(kUtf8Bom[sniffed_.size()])) {
          sniffed_.push_back(char(c));
          c = fgetc(f);
        }
        const bool whole_mark = sniffed_.empty() || sniffed_.size() == kUtf8Bom.size();
        for (; c != EOF && (c == ' ' || c == '\t' || c == '\n' || c == '\r'); c = fgetc(f)) sniffed_.push_back(char(c));
        if (c != EOF) {
          sniffed_.push_back(char(c));
        }
        format = (c == '{' && whole_mark) ? InputFormat::Jsonl : InputFormat::Text;
      }
    }
    if (format == InputFormat::Jsonl) {
      // Blank lines read while sniffing still count for line numbers.
      line_no_ = 0;
      size_t nl = sniffed_.rfind('\n');
      if (nl != std::string::npos) {
        line_no_ = std::count(sniffed_.begin(), sniffed_.end(), '\n');
        sniffed_.erase(0, nl + 1);
      }
      current_ = f;
      current_path_ = path;
      jsonl_ = true;
      first_line_ = true;
      return false;
    }
    std::string text = std::move(sniffed_);
    sniffed_.clear();
    bool ok = read_rest(f, text);
    int err = errno;
    if (f != stdin) fclose(f);
    if (!ok) {
      doc.read_error_code = "unreadable";
      doc.read_error_message = fmt::format("cannot read {}: {}", path, strerror(err));
      return true;
    }
    decode_byte_order_mark(text);
    doc.text = std::move(text);
    return true;
  }

  // Queues the files under `dir` in sorted order of their paths. Names starting with '.' (hidden
  // files and directories) are left out, and --glob filters file names. Symbolic links to files
  // are read; links to directories are not followed (no cycles). A dangling link is queued, so
  // that opening it yields an error document; so is a directory that cannot be read.
  void queue_directory(const std::string& dir) {
    std::vector<std::string> files;
    walk(dir, files);
    std::sort(files.begin(), files.end());
    for (auto it = files.rbegin(); it != files.rend(); ++it) pending_.push_back(*it);
  }

  // True when `file` is one of options_.skip_files.
  bool is_skipped(const fs::path& file) const {
    if (options_.skip_files.empty()) return false;
    struct stat st;
    if (stat(file.c_str(), &st) != 0) return false;
    const std::pair<uint64_t, uint64_t> id{st.st_dev, st.st_ino};
    return std::find(options_.skip_files.begin(), options_.skip_files.end(), id) != options_.skip_files.end();
  }

  void walk(const fs::path& dir, std::vector<std::string>& files) {
    std::error_code ec;
    auto fail = [&](const fs::path& where) {
      files.push_back(where.string());
      walk_errors_[where.string()] = fmt::format("cannot read directory {}: {}", where.string(), ec.message());
    };
    fs::directory_iterator it(dir, ec);
    if (ec) return fail(dir);
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
      const fs::path& entry = it->path();
      const std::string name = entry.filename().string();
      if (name.starts_with(".")) continue;
      std::error_code link_ec, target_ec;
      const fs::file_status link = it->symlink_status(link_ec);
      if (fs::is_directory(link)) {
        walk(entry, files);
        continue;
      }
      if (!options_.glob.empty() && fnmatch(options_.glob.c_str(), name.c_str(), 0) != 0) continue;
      const fs::file_status target = it->status(target_ec);
      if (fs::is_regular_file(target) && !is_skipped(entry)) files.push_back(entry.string());
      else if (fs::is_symlink(link) && !fs::exists(target)) files.push_back(entry.string());
    }
    if (ec) fail(dir);
  }

  void close_current() {
    if (current_ && current_ != stdin) fclose(current_);
    current_ = nullptr;
    jsonl_ = false;
  }

  // Reads the next line of the open JSONL stream into `line_` (NUL bytes included); false at
  // its end.
  bool read_line() {
    line_.clear();
    // Bytes read ahead by the sniff come first; blank lines among them stay lines of their own,
    // so line numbers in error messages count every line of the stream.
    if (const size_t eol = sniffed_.find('\n'); eol != std::string::npos) {
      line_.assign(sniffed_, 0, eol + 1);
      sniffed_.erase(0, eol + 1);
    } else {
      line_ = std::move(sniffed_);
      sniffed_.clear();
      ssize_t n = getline(&buf_, &cap_, current_);
      if (n > 0) line_.append(buf_, static_cast<size_t>(n));
    }
    // A UTF-8 byte-order mark opening the stream is no part of its first record.
    if (first_line_ && line_.starts_with(kUtf8Bom)) line_.erase(0, kUtf8Bom.size());
    first_line_ = false;
    return !line_.empty();
  }

  bool next_jsonl(Document& doc) {
    for (;;) {
      if (!read_line()) return false;
      ++line_no_;
      size_t b = 0, e = line_.size();
      while (b < e && isspace(static_cast<unsigned char>(line_[b]))) ++b;
      while (e > b && isspace(static_cast<unsigned char>(line_[e - 1]))) --e;
      if (b == e) continue;  // blank lines are not documents
      doc.source = current_path_;
      doc.line = line_no_;
      // Trim in place: the line buffer is parsed where it is, no copy per record.
      line_.resize(e);
      line_.erase(0, b);
      if (!parse_record(line_, b, doc)) doc.id = fmt::format("{}:{}", current_path_, line_no_);
      return true;
    }
  }

  // Makes doc the error record of the current line; its --keep fields go unless `keep_fields`.
  void set_line_error(Document& doc, std::string_view code, std::string_view what, bool keep_fields = false) {
    doc.text.clear();
    if (!keep_fields) doc.passthrough.clear();
    doc.read_error_code = std::string(code);
    doc.read_error_message = fmt::format("{}:{}: {}", current_path_, line_no_, what);
  }

  // Fills doc from one JSONL record (doc.text, doc.passthrough, or the line's error); `json` is
  // the line from byte `indent` on. Invalid UTF-8 follows --encoding-errors: replaced, dropped,
  // or (fail) an error record that still carries the record's id. True when the record named
  // its id (doc.id set), false when doc.id is still to be given.
  bool parse_record(std::string& json, size_t indent, Document& doc) {
    bool have_id = false;
    size_t bad = 0;
    // simdjson's validator (SIMD, the same RFC 3629 rules) answers for almost every line; the
    // byte-wise one finds where an invalid line goes wrong.
    const bool valid = simdjson::validate_utf8(json.data(), json.size()) || utf8::validate(json, bad);
    if (!valid) repair_invalid_utf8(json, options_.encoding_errors == EncodingErrors::Skip);
    json.reserve(json.size() + simdjson::SIMDJSON_PADDING);
    // The DOM parser picks the best SIMD kernel at run time and validates the whole line.
    simdjson::dom::element root;
    if (auto err = parser_.parse(json.data(), json.size(), false).get(root)) {
      set_line_error(doc, "bad_jsonl", fmt::format("not JSON: {}", simdjson::error_message(err)));
      return false;
    }
    simdjson::dom::object obj;
    if (root.get_object().get(obj)) {
      set_line_error(doc, "bad_jsonl", "a JSONL line must be a JSON object");
      return false;
    }
    bool have_text = false, text_not_string = false;
    for (auto [key, value] : obj) {
      if (key == options_.text_field) {
        std::string_view s;
        if (value.get_string().get(s)) {
          text_not_string = true;
          continue;
        }
        doc.text.assign(s);
        have_text = true;
      } else if (key == options_.id_field) {
        std::string_view s;
        if (value.is_null()) continue;  // "id": null names no id
        if (!value.get_string().get(s)) doc.id.assign(s);
        else doc.id = simdjson::minify(value);
        have_id = true;
      } else if (std::find(options_.keep.begin(), options_.keep.end(), key) != options_.keep.end()) {
        doc.passthrough.emplace_back(std::string(key), simdjson::minify(value));
      }
    }
    // The kept fields stay on an error record, so that it can still be joined with its source.
    if (text_not_string) {
      set_line_error(doc, "bad_jsonl", fmt::format("field \"{}\" is not a string", options_.text_field), true);
    } else if (!have_text) {
      set_line_error(doc, "bad_jsonl", fmt::format("no string field \"{}\"", options_.text_field), true);
    } else if (!valid && options_.encoding_errors == EncodingErrors::Fail) {
      set_line_error(doc, "invalid_utf8", fmt::format("invalid UTF-8 at byte {} of the line", indent + bad), true);
    }
    return have_id;
  }

  InputOptions options_;
  std::vector<std::string> pending_;  // paths still to read, last first
  std::unordered_map<std::string, std::string> walk_errors_;  // queued path -> why the walk failed there
  FILE* current_ = nullptr;
  std::string current_path_;
  bool jsonl_ = false;
  bool first_line_ = false;  // the open JSONL stream's first line is the next one read
  uint64_t line_no_ = 0;
  std::string line_;
  std::string sniffed_;  // bytes read ahead while sniffing the format
  char* buf_ = nullptr;  // getline's buffer
  size_t cap_ = 0;
  simdjson::dom::parser parser_;
};

}  // namespace

std::unique_ptr<DocumentSource> DocumentSource::open(std::vector<std::string> paths, InputOptions options) {
  return std::make_unique<Source>(std::move(paths), std::move(options));
}

}  // namespace quoth
