#include "net/loop_buffers.h"

#include <memory>

namespace kurl {

// One loop runs on one thread, and no read callback runs inside another, so a buffer per
// thread is a buffer per loop that no two reads use at once.
char* socket_read_buffer() {
  thread_local std::unique_ptr<char[]> buffer(new char[kSocketReadBufferSize]);
  return buffer.get();
}

char* tls_plain_buffer() {
  thread_local std::unique_ptr<char[]> buffer(new char[kTlsPlainBufferSize]);
  return buffer.get();
}

}  // namespace kurl
