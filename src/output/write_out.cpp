#include "output/write_out.h"

#include <algorithm>
#include <optional>

#include "core/text.h"

namespace kurl {

namespace {

// curl copies a %header{} name into a 256-byte buffer and ignores longer ones.
constexpr size_t kMaxHeaderNameLength = 255;

// fgets() reads at most this many bytes less one: curl cuts each piece on its own.
constexpr size_t kFileReadPiece = 256;

}  // namespace

WriteOutFormat WriteOutFormat::parse(std::string_view format, std::vector<std::string>* warnings) {
  static constexpr std::string_view kHeaderOpen = "%header{";
  WriteOutFormat parsed;
  size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    bool has_next = i + 1 < format.size();
    if (c == '%' && has_next) {
      char next = format[i + 1];
      if (next == '%') {
        parsed.add_literal("%");
        i += 2;
      } else if (next == '{') {
        size_t end = format.find('}', i + 2);
        if (end == std::string_view::npos) {
          parsed.add_literal("%{");
          i += 2;
          continue;
        }
        std::string_view name = format.substr(i + 2, end - i - 2);
        std::optional<WriteOutVariable> variable = find_write_out_variable(name);
        if (variable) {
          parsed.add_variable(*variable);
        } else if (warnings != nullptr) {
          warnings->push_back("unknown --write-out variable: '" + std::string(name) + "'");
        }
        i = end + 1;
      } else if (format.substr(i).starts_with(kHeaderOpen)) {
        size_t start = i + kHeaderOpen.size();
        size_t end = format.find('}', start);
        if (end == std::string_view::npos) {
          parsed.add_literal(kHeaderOpen);
          i = start;
          continue;
        }
        std::string_view name = format.substr(start, end - start);
        if (name.size() <= kMaxHeaderNameLength) parsed.add_header(name);
        i = end + 1;
      } else {
        parsed.add_literal(format.substr(i, 2));
        i += 2;
      }
    } else if (c == '\\' && has_next) {
      // curl knows only these three; anything else, "\\" included, is kept as both bytes.
      switch (format[i + 1]) {
        case 'n':
          parsed.add_literal("\n");
          break;
        case 'r':
          parsed.add_literal("\r");
          break;
        case 't':
          parsed.add_literal("\t");
          break;
        default:
          parsed.add_literal(format.substr(i, 2));
          break;
      }
      i += 2;
    } else {
      parsed.add_literal(format.substr(i, 1));
      ++i;
    }
  }
  return parsed;
}

void WriteOutFormat::add_literal(std::string_view text) {
  bool extend = !segments_.empty() && segments_.back().kind == Segment::Kind::Literal &&
                segments_.back().offset + segments_.back().length == text_.size();
  if (!extend) {
    Segment segment;
    segment.offset = static_cast<uint32_t>(text_.size());
    segments_.push_back(segment);
  }
  text_.append(text);
  segments_.back().length += static_cast<uint32_t>(text.size());
}

void WriteOutFormat::add_header(std::string_view name) {
  Segment segment;
  segment.kind = Segment::Kind::Header;
  segment.offset = static_cast<uint32_t>(text_.size());
  segment.length = static_cast<uint32_t>(name.size());
  text_.append(name);
  segments_.push_back(segment);
}

void WriteOutFormat::add_variable(WriteOutVariable variable) {
  Segment segment;
  segment.kind = Segment::Kind::Variable;
  segment.variable = variable;
  segments_.push_back(segment);
}

std::string_view WriteOutFormat::slice(const Segment& segment) const {
  return std::string_view(text_).substr(segment.offset, segment.length);
}

void WriteOutFormat::render(const TransferResult& result, std::string& out,
                            std::string& err) const {
  std::string* sink = &out;
  for (const Segment& segment : segments_) {
    switch (segment.kind) {
      case Segment::Kind::Literal:
        sink->append(slice(segment));
        break;
      case Segment::Kind::Header:
        if (result.response != nullptr) {
          if (auto value = result.response->headers.find(slice(segment))) {
            append_printable(*sink, *value);
          }
        }
        break;
      case Segment::Kind::Variable:
        switch (segment.variable) {
          case WriteOutVariable::OnError:
            if (result.error.ok()) return;
            break;
          case WriteOutVariable::Stdout:
            sink = &out;
            break;
          case WriteOutVariable::Stderr:
            sink = &err;
            break;
          default:
            append_write_out_value(*sink, segment.variable, result);
            break;
        }
        break;
    }
  }
}

bool WriteOutFormat::needs_peer_certificates() const {
  for (const Segment& segment : segments_) {
    if (segment.kind != Segment::Kind::Variable) continue;
    switch (segment.variable) {
      case WriteOutVariable::Certs:
      case WriteOutVariable::NumCerts:
      case WriteOutVariable::SslVerifyResult:
      case WriteOutVariable::Json:
        return true;
      default:
        break;
    }
  }
  return false;
}

std::string write_out_from_file(std::string_view content) {
  std::string format;
  while (!content.empty()) {
    size_t line_end = content.find('\n');
    size_t piece = std::min({kFileReadPiece - 1, content.size(),
                             line_end == std::string_view::npos ? content.size() : line_end + 1});
    std::string_view read = content.substr(0, piece);
    format.append(
        read.substr(0, std::min(read.find_first_of(std::string_view("\r\n\0", 3)), read.size())));
    content.remove_prefix(piece);
  }
  return format;
}

}  // namespace kurl
