#include "output/output_destination.h"

#include <sys/stat.h>

#include "core/text.h"
#include "output/output_path.h"

namespace kurl {

namespace {

bool is_dev_null(const std::string& path) {
  static const dev_t null_device = [] {
    struct stat st {};
    return ::stat("/dev/null", &st) == 0 ? st.st_rdev : dev_t(-1);
  }();
  struct stat target {};
  return ::stat(path.c_str(), &target) == 0 && S_ISCHR(target.st_mode) &&
         target.st_rdev == null_device;
}

}  // namespace

OutputDestinations::OutputDestinations(std::vector<std::string> outputs, std::string output_dir,
                                       bool remote_name)
    : outputs_(std::move(outputs)), output_dir_(std::move(output_dir)), remote_name_(remote_name) {
  covers_later_requests_ = !outputs_.empty() && (is_output_template(outputs_.back()) ||
                                                 is_dev_null(outputs_.back()));
}

bool OutputDestinations::discards(const std::string& path) {
  if (path == last_discarding_path_) return true;
  if (!is_dev_null(path)) return false;
  last_discarding_path_ = path;
  return true;
}

void OutputDestinations::parse_request_url(std::string_view text) {
  if (!parse_url_into(text, url_).ok()) {
    url_.host.clear();
    url_.target.assign("/");
  }
}

Error OutputDestinations::choose(const TransferStart& e, Kind& kind, std::string& path) {
  kind = Kind::Stdout;
  std::string_view chosen = e.output;
  // -o of a command-line URL (line 0), else a batch line's "output".
  bool from_command_line = e.output.empty() || e.line == 0;
  if (chosen.empty() && e.index >= 1 && e.index <= outputs_.size()) {
    chosen = outputs_[e.index - 1];
  } else if (chosen.empty() && covers_later_requests_) {
    chosen = outputs_.back();
  }
  if (chosen.empty() && remote_name_) {
    parse_request_url(e.url);
    Result<std::string> name = remote_file_name(url_.target);
    if (!name) return name.error();
    remote_name_scratch_ = std::move(*name);
    chosen = remote_name_scratch_;
  }
  if (chosen.empty() || chosen == "-") return Error();
  if (is_output_template(chosen)) {
    parse_request_url(e.url);
    host_.assign(url_.host);
    if (!url_.host.empty() && url_.port != default_port(url_.scheme)) {
      host_.push_back(':');
      append_decimal(host_, url_.port);
    }
    expand_output_template(expanded_, chosen, e.index, host_, url_.target);
    chosen = expanded_;
  }
  kind = Kind::File;
  Error refused = confine_output_path(output_dir_, chosen, from_command_line, path);
  if (!refused.ok()) return refused;
  if (discards(path)) kind = Kind::Discard;
  return Error();
}

}  // namespace kurl
