#include "engine/batch_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kurl {

namespace {

/// Files larger than this are not pre-counted for the progress line (reading them twice
/// would cost more than the display is worth).
constexpr off_t kMaxCountedBatchBytes = 512L * 1024 * 1024;

}  // namespace

BatchFormat batch_format_for(const std::string& flag, const std::string& path) {
  if (flag == "jsonl") return BatchFormat::JsonLines;
  if (flag == "text") return BatchFormat::Text;
  bool jsonl_name = path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  return jsonl_name ? BatchFormat::JsonLines : BatchFormat::Text;
}

BatchSource::BatchSource(const std::string& path, BatchFormat format, bool globbing)
    : path_(path), format_(format), globbing_(globbing && format == BatchFormat::Text) {
  fd_ = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ =
        Error(ExitCode::ReadError, "can't read batch file " + path + ": " + std::strerror(errno));
    return;
  }
  reader_.emplace(fd_);
}

BatchSource::~BatchSource() {
  reader_.reset();
  if (fd_ > STDIN_FILENO) ::close(fd_);
}

void BatchSource::start(uv_loop_t* loop, const std::function<void()>& wake) {
  if (reader_) reader_->start(loop, wake);
}

void BatchSource::detach() {
  if (reader_) reader_->detach();
}

void BatchSource::start_glob(RequestSpec& spec) {
  if (!globbing_ || !spec.error.ok() || !may_be_glob(spec.url)) return;
  Result<UrlGlob> glob = UrlGlob::parse(spec.url);
  if (!glob) {
    spec.error = glob.error();
    return;
  }
  if (glob->globs() == 0) {
    glob->current(spec.url);  // only escapes (\[) or an IPv6 address: one URL, unescaped
    return;
  }
  glob_ = std::move(*glob);
  glob_line_ = spec;
  glob_->current(spec.url);
}

bool BatchSource::next(RequestSpec& spec) {
  pending_ = false;
  if (!reader_) return false;
  if (glob_ && glob_->advance()) {
    spec = glob_line_;
    glob_->current(spec.url);
    return true;
  }
  glob_.reset();
  for (;;) {
    std::string_view line;
    LineReader::Status status = reader_->next(line);
    if (status == LineReader::Status::Pending) pending_ = true;
    if (status == LineReader::Status::Failed && error_.ok()) {
      error_ = Error(ExitCode::ReadError,
                     "error reading batch file " + path_ + ": " + reader_->error());
    }
    if (status != LineReader::Status::Line) return false;
    ++line_number_;
    spec.clear();
    if (parser_.parse(line, format_, spec) == LineKind::Skip) continue;
    spec.line = line_number_;
    start_glob(spec);
    return true;
  }
}

std::optional<uint64_t> BatchSource::total() const {
  if (total_) return *total_;
  total_ = std::optional<uint64_t>();
  struct stat st {};
  if (path_ == "-" || stat(path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size > kMaxCountedBatchBytes) {
    return *total_;
  }
  std::FILE* file = std::fopen(path_.c_str(), "r");
  if (!file) return *total_;
  // Counts request lines the cheap way: non-blank lines not starting with '#'.
  uint64_t count = 0;
  bool at_line_start = true, line_counts = false;
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      char c = buffer[i];
      if (c == '\n') {
        count += line_counts ? 1 : 0;
        at_line_start = true;
        line_counts = false;
      } else if (globbing_ && (c == '[' || c == '{')) {
        std::fclose(file);
        return *total_;  // a glob line is many requests: no count is better than a wrong one
      } else if (at_line_start && c != ' ' && c != '\t' && c != '\r') {
        at_line_start = false;
        line_counts = c != '#';
      }
    }
  }
  count += line_counts ? 1 : 0;
  std::fclose(file);
  total_ = count;
  return *total_;
}

}  // namespace kurl
