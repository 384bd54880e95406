#include "net/tcp_transport.h"

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "net/loop_buffers.h"
#include "net/resolver.h"
#include "net/timer.h"

namespace kurl {

TcpTransport::TcpTransport(uv_loop_t* loop, TransportHandler& handler, const TcpOptions& options)
    : handler_(handler), options_(options), handles_(new Handles{}) {
  handles_->owner = this;
  if (options.unix_socket) {
    uv_pipe_init(loop, &handles_->socket.pipe, 0);
  } else {
    uv_tcp_init(loop, &handles_->socket.tcp);
  }
  handles_->socket.handle.data = handles_;
  handles_->connect.data = handles_;
  handles_->write.data = handles_;
}

TcpTransport::~TcpTransport() {
  if (!handles_) return;      // closed already: the close callback freed the handles
  handles_->owner = nullptr;  // detach: the callbacks still to come find no owner
  if (!closing_) uv_close(&handles_->socket.handle, &TcpTransport::on_close);
}

namespace {

bool out_of_descriptors(int rc) {
  return rc == UV_EMFILE || rc == UV_ENFILE;
}

std::string descriptor_limit_text() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return "";
  return " (the open file limit is " + std::to_string(limit.rlim_cur) + ")";
}

}  // namespace

void TcpTransport::connect(const sockaddr_storage& address) {
  peer_ = options_.unix_socket
              ? "unix socket " + address_to_string(address)
              : address_to_string(address) + " port " + std::to_string(address_port(address));
  int rc = start_connect(address);
  if (rc != 0) {
    // Report on the next callback turn would be nicer; the owner tolerates a direct call.
    std::string why = uv_strerror(rc);
    if (out_of_descriptors(rc)) why += descriptor_limit_text();
    fail(ExitCode::ConnectFailed, "failed to connect to " + peer_ + ": " + why, rc);
  }
}

// socket() is called inside uv_tcp_connect; without a descriptor left, the reclaimer closes
// an idle connection (whose descriptor is freed at once) and the connect is tried again.
int TcpTransport::start_connect(const sockaddr_storage& address) {
  for (;;) {
    int rc = options_.unix_socket ? connect_unix(address) : uv_tcp_connect(&handles_->connect, &handles_->socket.tcp,
                            reinterpret_cast<const sockaddr*>(&address), &TcpTransport::on_connect);
    if (!out_of_descriptors(rc) || !options_.reclaimer || !options_.reclaimer->reclaim_descriptor())
      return rc;
  }
}

// A unix socket connects at once or never (Linux queues no pending connect for AF_UNIX):
// connect() is called here and the outcome reported as a TCP connect's would be.
int TcpTransport::connect_unix(const sockaddr_storage& address) {
  const auto& un = reinterpret_cast<const sockaddr_un&>(address);
  // An abstract name is as long as its bytes after the leading NUL, not NUL-terminated.
  size_t path_length = un.sun_path[0] == '\0' ? 1 + strnlen(un.sun_path + 1, sizeof un.sun_path - 1)
                                               : std::strlen(un.sun_path) + 1;
  auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path_length);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return uv_translate_sys_error(errno);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&un), length) != 0) {
    int rc = uv_translate_sys_error(errno);
    ::close(fd);
    return rc;
  }
  int rc = uv_pipe_open(&handles_->socket.pipe, fd);
  if (rc != 0) {
    ::close(fd);
    return rc;
  }
  handle_connect(0);
  return 0;
}

void TcpTransport::on_connect(uv_connect_t* req, int status) {
  if (auto* self = owner_of(req->data)) self->handle_connect(status);
}

void TcpTransport::handle_connect(int status) {
  if (closing_) return;
  if (status != 0) {
    fail(ExitCode::ConnectFailed, "failed to connect to " + peer_ + ": " + uv_strerror(status),
         status);
    return;
  }
  connected_ = true;
  times_.connected = monotonic_seconds();
  times_.ready = times_.connected;
  if (!options_.unix_socket) set_tcp_options();
  resume_reading();
  if (!closing_) handler_.on_transport_ready();
}

void TcpTransport::set_tcp_options() {
  // Socket options need the socket, which exists only once connect() created it.
  uv_tcp_nodelay(&handles_->socket.tcp, 1);
  if (options_.tcp_keepalive_seconds > 0)
    uv_tcp_keepalive(&handles_->socket.tcp, 1, options_.tcp_keepalive_seconds);
  sockaddr_storage local{};
  int length = sizeof local;
  if (uv_tcp_getsockname(&handles_->socket.tcp, reinterpret_cast<sockaddr*>(&local), &length) == 0) {
    local_port_ = address_port(local);
    local_ip_ = address_to_string(local);
  }
}

void TcpTransport::on_alloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = owner_of(handle->data);
  if (!self) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  size_t room = self->options_.max_read_bytes > 0
                    ? std::min(self->options_.max_read_bytes, kSocketReadBufferSize)
                    : kSocketReadBufferSize;
  *buf = uv_buf_init(socket_read_buffer(), static_cast<unsigned>(room));
}

void TcpTransport::on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t*) {
  if (auto* self = owner_of(stream->data)) self->handle_read(nread);
}

void TcpTransport::handle_read(ssize_t nread) {
  if (closing_ || nread == 0) return;  // 0 means "try again later", not EOF
  if (nread == UV_EOF) {
    pause_reading();
    handler_.on_transport_eof();
    return;
  }
  if (nread < 0) {
    fail(ExitCode::RecvFailed,
         "failure when receiving data from " + peer_ + ": " + uv_strerror(static_cast<int>(nread)));
    return;
  }
  handler_.on_transport_data(std::string_view(socket_read_buffer(), static_cast<size_t>(nread)));
}

void TcpTransport::write(std::string_view bytes) {
  if (closing_ || failed_) return;
  if (!writing_ && !handler_.wants_drain()) bytes.remove_prefix(write_now(bytes));
  if (bytes.empty() || failed_) return;
  pending_.append(bytes);
  if (!writing_) flush();
}

// A request usually fits the socket buffer: written at once, it needs no uv_write, whose
// completion would make libuv re-arm the watcher (an epoll_ctl a request) and no copy.
size_t TcpTransport::write_now(std::string_view bytes) {
  uv_buf_t buf = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  int written = uv_try_write(&handles_->socket.stream, &buf, 1);
  if (written >= 0) return static_cast<size_t>(written);
  if (written != UV_EAGAIN)
    fail(ExitCode::SendFailed, "failure when sending data to " + peer_ + ": " + uv_strerror(written));
  return 0;
}

void TcpTransport::flush() {
  if (pending_.empty() || writing_ || closing_) return;
  handles_->in_flight.swap(pending_);
  pending_.clear();
  uv_buf_t buf =
      uv_buf_init(handles_->in_flight.data(), static_cast<unsigned>(handles_->in_flight.size()));
  int rc = uv_write(&handles_->write, &handles_->socket.stream, &buf, 1,
                    &TcpTransport::on_write);
  if (rc != 0) {
    fail(ExitCode::SendFailed, "failure when sending data to " + peer_ + ": " + uv_strerror(rc));
    return;
  }
  writing_ = true;
}

void TcpTransport::on_write(uv_write_t* req, int status) {
  if (auto* self = owner_of(req->data)) self->handle_write(status);
}

void TcpTransport::handle_write(int status) {
  writing_ = false;
  handles_->in_flight.clear();
  if (closing_) return;
  if (status != 0) {
    fail(ExitCode::SendFailed,
         "failure when sending data to " + peer_ + ": " + uv_strerror(status));
    return;
  }
  flush();
  if (writing_) return;
  bool more_coming = handler_.on_transport_drained();  // may write the next piece at once
  // Large buffers go only once nothing more is coming: a streamed body reuses them.
  if (!more_coming && !writing_ && !closing_ && handles_) release_large_write_buffers();
}

void TcpTransport::release_large_write_buffers() {
  if (handles_->in_flight.capacity() > kKeptBufferCapacity) std::string().swap(handles_->in_flight);
  if (pending_.capacity() > kKeptBufferCapacity) std::string().swap(pending_);
}

void TcpTransport::pause_reading() {
  if (!reading_) return;
  uv_read_stop(&handles_->socket.stream);
  reading_ = false;
}

void TcpTransport::resume_reading() {
  if (reading_ || !connected_ || closing_) return;
  uv_read_start(&handles_->socket.stream, &TcpTransport::on_alloc,
                &TcpTransport::on_read);
  reading_ = true;
}

void TcpTransport::fail(ExitCode code, std::string message, int os_error) {
  if (failed_ || closing_) return;
  failed_ = true;
  pause_reading();
  Error error(code, std::move(message));
  error.os_error = os_error;  // lets --retry-connrefused tell a refused connect apart
  handler_.on_transport_error(error);
}

void TcpTransport::close() {
  if (closing_) return;
  closing_ = true;
  pause_reading();
  uv_close(&handles_->socket.handle, &TcpTransport::on_close);
}

void TcpTransport::on_close(uv_handle_t* handle) {
  auto* handles = static_cast<Handles*>(handle->data);
  TcpTransport* self = handles->owner;
  delete handles;
  if (self) {
    self->handles_ = nullptr;
    self->handler_.on_transport_closed();  // may destroy self
  }
}

}  // namespace kurl
