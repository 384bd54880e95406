#include "output/json_pretty.h"

#include <cstdio>
#include <vector>

#include "output/colour.h"

namespace kurl {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Where a string token ends: just past its closing quote (`at` is its opening quote).
size_t string_end(std::string_view text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

/// Where a number or literal ends.
size_t scalar_end(std::string_view text, size_t at) {
  size_t i = at;
  while (i < text.size() && !is_json_space(text[i]) && text[i] != ',' && text[i] != ']' &&
         text[i] != '}')
    ++i;
  return i;
}

/// Writes tokens of a document simdjson has accepted, so the scan need not check anything.
class Writer {
 public:
  Writer(std::string& out, bool colour) : out_(out), colour_(colour) {}

  void write(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (is_json_space(c)) {
        ++i;
      } else if (c == '{' || c == '[') {
        i = open(text, i);
      } else if (c == '}' || c == ']') {
        close(c);
        ++i;
      } else if (c == ',') {
        out_ += ',';
        new_line();
        ++i;
      } else if (c == ':') {
        out_ += ": ";
        ++i;
      } else if (c == '"') {
        size_t end = string_end(text, i);
        bool key = !open_.empty() && open_.back() == '{' && expect_key_;
        token(text.substr(i, end - i), key ? ansi::kBlue : ansi::kGreen, key);
        expect_key_ = false;
        i = end;
      } else {
        size_t end = scalar_end(text, i);
        bool number = c == '-' || (c >= '0' && c <= '9');
        token(text.substr(i, end - i), number ? ansi::kCyan : ansi::kMagenta, false);
        i = end;
      }
    }
    out_ += '\n';
  }

 private:
  // An empty container stays "{}" or "[]" on its line.
  size_t open(std::string_view text, size_t at) {
    size_t next = at + 1;
    while (next < text.size() && is_json_space(text[next])) ++next;
    char closing = text[at] == '{' ? '}' : ']';
    if (next < text.size() && text[next] == closing) {
      out_ += text[at];
      out_ += closing;
      return next + 1;
    }
    out_ += text[at];
    open_.push_back(text[at]);
    expect_key_ = text[at] == '{';
    new_line();
    return at + 1;
  }

  void close(char c) {
    open_.pop_back();
    new_line();
    out_ += c;
  }

  void new_line() {
    out_ += '\n';
    out_.append(open_.size() * kJsonIndent, ' ');
    if (!open_.empty() && open_.back() == '{') expect_key_ = true;
  }

  void token(std::string_view text, std::string_view colour, bool bold) {
    if (colour_) {
      if (bold) out_ += ansi::kBold;
      out_ += colour;
    }
    append_without_controls(text);
    if (colour_) out_ += ansi::kReset;
  }

  // Only inside strings can these bytes be (simdjson has checked the UTF-8).
  void append_without_controls(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      auto byte = static_cast<unsigned char>(text[i]);
      unsigned code = byte;
      if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
        code = static_cast<unsigned char>(text[++i]);
      } else if (byte != 0x7f) {
        out_ += text[i];
        continue;
      }
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", code);
      out_ += escaped;
    }
  }

  std::string& out_;
  bool colour_;
  std::vector<char> open_;  ///< the containers open now, '{' or '['
  bool expect_key_ = false;
};

}  // namespace

bool JsonPretty::format(std::string& document, bool colour, std::string& out) {
  // Room for simdjson's padding, so it parses the bytes where they are (no copy).
  document.reserve(document.size() + simdjson::SIMDJSON_PADDING);
  simdjson::padded_string_view padded(document.data(), document.size(), document.capacity());
  simdjson::dom::element root;
  bool valid = parser_.parse(padded).get(root) == simdjson::SUCCESS;
  // simdjson keeps buffers of about ten times the largest document: after a large one, the
  // rest of the run should not carry them.
  if (document.size() > kKeptParserBytes) parser_ = simdjson::dom::parser();
  if (!valid) return false;
  Writer(out, colour).write(document);
  return true;
}

}  // namespace kurl
