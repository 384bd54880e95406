// Plain TCP over a libuv stream, or a unix domain socket (--unix-socket) through the same code.
#pragma once

#include <uv.h>

#include <string>

#include "net/transport.h"

namespace kurl {

/// Frees a file descriptor for a new socket when the process has none left (EMFILE, ENFILE).
class DescriptorReclaimer {
 public:
  virtual ~DescriptorReclaimer() = default;
  /// Closes one socket that is not needed now (the pool's least recently used idle
  /// connection); false when there is none to close.
  virtual bool reclaim_descriptor() = 0;
};

/// Socket options chosen per run.
struct TcpOptions {
  bool unix_socket = false;                  ///< connect to an AF_UNIX address (uv_pipe_t)
  unsigned tcp_keepalive_seconds = 0;        ///< SO_KEEPALIVE idle time; 0 = off
  /// Bytes read at once at most, 0 = the loop's whole read buffer. --limit-rate reads small
  /// pieces, so the last piece of a body (never held back) does not outrun the rate.
  size_t max_read_bytes = 0;
  DescriptorReclaimer* reclaimer = nullptr;  ///< asked for room when socket() has none
};

/// One TCP socket, or one unix socket when options.unix_socket (a uv_pipe_t: the reading,
/// writing and closing are the same stream calls). The handle lives on the heap and is freed in its close callback, so the
/// TcpTransport itself may be destroyed from on_transport_closed().
class TcpTransport final : public Transport {
 public:
  TcpTransport(uv_loop_t* loop, TransportHandler& handler, const TcpOptions& options);
  ~TcpTransport() override;

  void connect(const sockaddr_storage& address) override;
  void write(std::string_view bytes) override;
  void close() override;
  void pause_reading() override;
  void resume_reading() override;
  uint16_t local_port() const override { return local_port_; }
  const std::string& local_ip() const override { return local_ip_; }
  const TransportTimes& times() const override { return times_; }

 private:
  static void on_connect(uv_connect_t* req, int status);
  static void on_alloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void on_write(uv_write_t* req, int status);
  static void on_close(uv_handle_t* handle);
  void handle_connect(int status);
  void set_tcp_options();
  void handle_read(ssize_t nread);
  void handle_write(int status);
  void flush();
  void fail(ExitCode code, std::string message, int os_error = 0);

  int start_connect(const sockaddr_storage& address);
  int connect_unix(const sockaddr_storage& address);
  void release_large_write_buffers();
  size_t write_now(std::string_view bytes);

  /// Everything libuv may touch after this object is gone; freed in the close callback,
  /// which libuv runs after the cancelled connect and write callbacks.
  struct Handles {
    union Stream {
      uv_tcp_t tcp;
      uv_pipe_t pipe;
      uv_stream_t stream;
      uv_handle_t handle;
    } socket;
    uv_connect_t connect;
    uv_write_t write;
    std::string in_flight;  ///< bytes libuv is writing now; untouched until on_write
    TcpTransport* owner;    ///< nullptr once the transport is gone
  };
  static TcpTransport* owner_of(void* data) { return static_cast<Handles*>(data)->owner; }

  TransportHandler& handler_;
  TcpOptions options_;
  Handles* handles_;
  std::string pending_;  ///< bytes queued while a write is in flight
  bool writing_ = false;
  bool reading_ = false;
  bool connected_ = false;
  bool closing_ = false;
  bool failed_ = false;
  uint16_t local_port_ = 0;
  std::string local_ip_;
  std::string peer_;
  TransportTimes times_;
};

}  // namespace kurl
