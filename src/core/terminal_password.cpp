#include "core/terminal_password.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace kurl {

namespace {

// What a signal handler needs to put the terminal back: plain data, set before echo goes off.
int echo_fd = -1;
struct termios echo_settings;

/// The signals that end kurl while it waits for the password (Ctrl-C, Ctrl-\, a closed
/// terminal, kill): each must not leave the terminal without echo.
constexpr int kEndingSignals[] = {SIGINT, SIGQUIT, SIGHUP, SIGTERM};

void restore_echo_and_die(int signal_number) {
  tcsetattr(echo_fd, TCSANOW, &echo_settings);  // async-signal-safe
  std::signal(signal_number, SIG_DFL);
  raise(signal_number);
}

// Turns echo off on `fd` until the guard ends; the handlers restore it on a fatal signal.
class EchoOff {
 public:
  explicit EchoOff(int fd) {
    if (tcgetattr(fd, &echo_settings) != 0) return;
    echo_fd = fd;
    struct sigaction action {};
    action.sa_handler = restore_echo_and_die;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kEndingSignals); ++i)
      sigaction(kEndingSignals[i], &action, &previous_[i]);
    struct termios quiet = echo_settings;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(fd, TCSANOW, &quiet) == 0;
  }
  ~EchoOff() {
    if (echo_fd < 0) return;
    if (active_) tcsetattr(echo_fd, TCSANOW, &echo_settings);
    for (size_t i = 0; i < std::size(kEndingSignals); ++i)
      sigaction(kEndingSignals[i], &previous_[i], nullptr);
    echo_fd = -1;
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  struct sigaction previous_[std::size(kEndingSignals)]{};
  bool active_ = false;
};

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed terminal: the read that follows ends at once too
    done += static_cast<size_t>(n);
  }
}

std::string read_line(int fd) {
  std::string line;
  char c = 0;
  for (;;) {
    ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n' || c == '\r') return line;  // EOF, a closed terminal, the end
    if (line.size() < kMaxPasswordBytes) line += c;
  }
}

}  // namespace

std::string read_password_from_terminal(const std::string& prompt) {
  int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  int in = tty >= 0 ? tty : STDIN_FILENO;
  int out = tty >= 0 ? tty : STDERR_FILENO;
  std::string password;
  {
    EchoOff quiet(in);  // before the prompt: whoever reads it may type at once
    write_all(out, prompt);
    password = read_line(in);
  }
  write_all(out, "\n");  // the Enter the terminal did not echo
  if (tty >= 0) close(tty);
  return password;
}

void ask_missing_password(std::string& user) {
  if (user.empty() || user.find(':') != std::string::npos) return;
  std::string password;
  if (isatty(STDIN_FILENO))
    password = read_password_from_terminal("Enter host password for user '" + user + "':");
  user += ":" + password;
}

}  // namespace kurl
