// The values of curl 7.88's -w variables for one finished request, as text and as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/observer.h"

namespace kurl {

/// A %{name} variable of the -w format: every one curl 7.88 documents, in snake_case
/// (ErrorMessage is "errormsg"), plus kurl's own connection_id and reused.
enum class WriteOutVariable : uint8_t {
  Certs,
  ConnectionId,
  ContentType,
  ErrorMessage,
  ExitCode,
  FilenameEffective,
  FtpEntryPath,
  HeaderJson,
  HttpCode,
  HttpConnect,
  HttpVersion,
  Json,
  LocalIp,
  LocalPort,
  Method,
  NumCerts,
  NumConnects,
  NumHeaders,
  NumRedirects,
  OnError,
  ProxySslVerifyResult,
  RedirectUrl,
  Referer,
  RemoteIp,
  RemotePort,
  ResponseCode,
  Reused,
  Scheme,
  SizeDownload,
  SizeHeader,
  SizeRequest,
  SizeUpload,
  SpeedDownload,
  SpeedUpload,
  SslVerifyResult,
  Stderr,
  Stdout,
  TimeAppconnect,
  TimeConnect,
  TimeNamelookup,
  TimePretransfer,
  TimeRedirect,
  TimeStarttransfer,
  TimeTotal,
  Url,
  UrlEffective,
  UrlNum,
};

/// The variable called `name` (case-insensitive, as curl matches), if there is one.
std::optional<WriteOutVariable> find_write_out_variable(std::string_view name);

/// Appends what %{variable} prints for `result` (nothing for the variables that only steer
/// the output: onerror, stdout, stderr).
void append_write_out_value(std::string& out, WriteOutVariable variable,
                            const TransferResult& result);

/// The %{name} variables kurl supports, sorted, for --help and docs (%header{NAME} aside).
const std::vector<std::string_view>& write_out_variables();

}  // namespace kurl
