#include "http/request.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace kurl {

namespace {

void set_header(std::vector<Header>& headers, size_t& used, std::string_view name,
                std::string_view value) {
  if (used < headers.size()) {
    headers[used].name.assign(name);
    headers[used].value.assign(value);
  } else {
    headers.push_back({std::string(name), std::string(value)});
  }
  ++used;
}

}  // namespace

void build_request_headers(const Url& url, const HeaderDefaults& defaults,
                           const std::vector<HeaderEdit>& edits, bool has_body, size_t body_length,
                           std::vector<Header>& out) {
  size_t used = 0;  // overwrite in place so a reused Transfer keeps its string capacity
  set_header(out, used, "Host", url.host_header());
  if (!defaults.authorization.empty())
    set_header(out, used, "Authorization", defaults.authorization);
  if (!defaults.user_agent.empty()) set_header(out, used, "User-Agent", defaults.user_agent);
  if (!defaults.accept.empty()) set_header(out, used, "Accept", defaults.accept);
  if (!defaults.referer.empty()) set_header(out, used, "Referer", defaults.referer);
  if (defaults.connection_close) set_header(out, used, "Connection", "close");
  if (has_body) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, body_length).ptr;
    if (!defaults.content_type.empty())
      set_header(out, used, "Content-Type", defaults.content_type);
    set_header(out, used, "Content-Length",
               std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  out.resize(used);
  if (!edits.empty()) apply_header_edits(out, edits);
}

void serialize_request_head(const Request& request, std::string& out) {
  out.append(request.method);
  out.push_back(' ');
  if (request.absolute_form) {
    out.append(request.url.scheme);
    out.append("://");
    out.append(request.url.host_header());
  }
  out.append(request.url.target);
  out.append(request.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const Header& h : request.headers) {
    out.append(h.name);
    out.append(h.value.empty() ? ":" : ": ");
    out.append(h.value);
    out.append("\r\n");
  }
  out.append("\r\n");
}

void settle_body_framing(Request& request) {
  request.chunked = find_header(request.headers, "Transfer-Encoding") != nullptr;
  if (request.chunked) {
    std::erase_if(request.headers,
                  [](const Header& h) { return iequals(h.name, "Content-Length"); });
  }
}

namespace {

constexpr std::string_view kLastChunk = "0\r\n\r\n";

size_t hex_digits(uint64_t n, char* out, size_t room) {
  return static_cast<size_t>(std::to_chars(out, out + room, n, 16).ptr - out);
}

}  // namespace

BodyStep serialize_body_piece(const Request& request, uint64_t& sent, std::string& out) {
  auto finished = [&]() {
    if (request.chunked) out.append(kLastChunk);
    return BodyStep::Done;
  };
  if (!request.has_body || request.body == nullptr) return finished();
  bool known = request.body_length_known;
  if (known && sent >= request.body_length) return finished();
  std::string_view piece;
  size_t room = kBodyPieceBytes;
  if (known) room = static_cast<size_t>(std::min<uint64_t>(room, request.body_length - sent));
  switch (request.body->next(room, piece)) {
    case BodyStream::Status::Pending:
      return BodyStep::Waiting;
    case BodyStream::Status::Failed:
      return BodyStep::Failed;
    case BodyStream::Status::End:
      // A file that shrank after its size went into Content-Length cannot be sent whole.
      if (known && sent < request.body_length) return BodyStep::Failed;
      return finished();
    case BodyStream::Status::Data:
      break;
  }
  sent += piece.size();
  if (!request.chunked) {
    out.append(piece);
  } else if (!piece.empty()) {
    char digits[24];
    out.append(digits, hex_digits(piece.size(), digits, sizeof digits));
    out.append("\r\n");
    out.append(piece);
    out.append("\r\n");
  }
  return known && sent >= request.body_length ? finished() : BodyStep::More;
}

}  // namespace kurl
