#include "output/cookie_jar_file.h"

#include "http/cookie_file.h"
#include "output/file_output.h"

namespace kurl {

Error save_cookie_jar(CookieJar& jar, const std::string& path, int64_t now,
                      OutputChannel& stdout_channel) {
  std::string text = render_cookie_jar(jar.cookies_for_jar(now));
  if (path == "-") {
    stdout_channel.write(text);  // a failure is standard output's, reported with it
    return Error();
  }
  FileOutput file;
  Error error = file.open(path, 0, false);  // request indexes start at 1: no name clash
  if (error.ok()) error = file.write(text);
  bool kept = false;
  Error finished = file.finish(error.ok(), kept);
  if (error.ok()) error = finished;
  if (error.ok()) return error;
  // "failure writing output to PATH: REASON" said as what failed: the jar.
  size_t reason = error.message.rfind(": ");
  return Error(ExitCode::WriteError,
               "failed to save cookies in " + path +
                   (reason == std::string::npos ? "" : error.message.substr(reason)));
}

}  // namespace kurl
