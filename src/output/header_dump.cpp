#include "output/header_dump.h"

#include "output/output_channel.h"

namespace kurl {

Result<std::unique_ptr<HeaderDump>> HeaderDump::open(const std::string& path) {
  if (path.empty() || path == "-") return std::unique_ptr<HeaderDump>();
  Result<std::unique_ptr<OutputChannel>> file =
      OutputChannel::open_file(path, "headers to " + path);
  if (!file) return file.error();
  return std::unique_ptr<HeaderDump>(new HeaderDump(std::move(*file)));
}

HeaderDump::HeaderDump(std::unique_ptr<OutputChannel> file) : file_(std::move(file)) {}

HeaderDump::~HeaderDump() = default;

void HeaderDump::on_response_head(const ResponseHead& e) {
  head_.clear();
  append_head(*e.response, head_);
  // Flushed at once: the file shows each head as soon as it came, as curl's does.
  if (file_->write(head_)) file_->flush();
}

void HeaderDump::amend_result(TransferResult& result) {
  if (result.error.ok() && result.response && result.response->trailers.size() > 0) {
    head_.clear();  // after the body, as curl writes them
    append_header_lines(result.response->trailers, head_);
    if (file_->write(head_)) file_->flush();
  }
  if (!file_->failed() || !result.error.ok()) return;
  result.error = file_->error();
  shown_ = true;
}

Error HeaderDump::stop_reason() const {
  return file_->error();
}

Error HeaderDump::close() {
  file_->close();
  return shown_ ? Error() : file_->error();
}

}  // namespace kurl
