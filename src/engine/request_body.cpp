#include "engine/request_body.h"

#include "core/text.h"

namespace kurl {

namespace {

const char* default_method(const EngineConfig& config, bool has_body) {
  if (config.head_only) return "HEAD";
  if (config.upload) return "PUT";
  return has_body ? "POST" : "GET";
}

// -T FILE puts the file's name after a path ending in '/'; -G puts the data in the query.
void add_to_target(const EngineConfig& config, std::string& target) {
  if (!config.upload_name.empty()) {
    size_t query = target.find('?');
    size_t path_end = query == std::string::npos ? target.size() : query;
    if (path_end > 0 && target[path_end - 1] == '/') target.insert(path_end, config.upload_name);
  }
  if (!config.get_query.empty()) {
    target.push_back(target.find('?') == std::string::npos ? '?' : '&');
    target.append(config.get_query);
  }
}

}  // namespace

void attach_request_body(const EngineConfig& config, uv_loop_t* loop, Transfer& transfer) {
  Request& request = transfer.request;
  const RequestSpec& spec = transfer.spec;
  request.has_body = spec.has_body || config.has_body;
  request.body_length_known = true;
  if (spec.has_body || config.body.in_memory()) {
    std::string_view text = spec.has_body ? std::string_view(spec.body) : config.body.text();
    transfer.string_body.reset(text);
    request.body = &transfer.string_body;
    request.body_length = text.size();
  } else {
    transfer.streamed_body = std::make_unique<StreamedBody>(loop, config.body);
    request.body = transfer.streamed_body.get();
    std::optional<uint64_t> size = config.body.size();
    request.body_length_known = size.has_value();
    request.body_length = size.value_or(0);
  }
  if (!request.has_body) request.body = nullptr;
  add_to_target(config, request.url.target);
  if (!spec.method.empty()) {
    request.method = spec.method;
  } else if (!config.method.empty()) {
    request.method = config.method;
  } else {
    request.method = default_method(config, request.has_body);
  }
}

bool wants_expect_continue(bool upload, const Request& request) {
  if (!request.has_body) return false;
  if (!request.body_length_known) return true;
  return upload ? request.body_length > 0 : request.body_length > kExpectContinueThreshold;
}

bool drop_refused_expect(Transfer& transfer) {
  Request& request = transfer.request;
  if (transfer.response.status != 417 || !request.expect_continue || transfer.expect_dropped ||
      transfer.body_bytes_sent > 0)
    return false;
  std::erase_if(request.headers, [](const Header& h) { return iequals(h.name, "Expect"); });
  request.expect_continue = false;
  transfer.expect_dropped = transfer.resend_without_expect = true;
  transfer.retried = true;  // the same request sent again, not one more of the run
  return true;
}

Error body_not_rewindable() {
  return Error(ExitCode::SendFailRewind,
               "cannot send the request again: its body from standard input was partly sent");
}

}  // namespace kurl
