// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_log.hpp"

#include <fcntl.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <utility>

#include "display_text.hpp"
#include "runtime/runtime_args.hpp"
#include "unique_fd.hpp"

namespace common {
namespace {

/// logrus's level names, which conmon and containerd-shim parse.
std::string_view level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "trace";
    case spdlog::level::debug: return "debug";
    case spdlog::level::info: return "info";
    case spdlog::level::warn: return "warning";
    case spdlog::level::err: return "error";
    case spdlog::level::critical: return "fatal";
    default: return "info";
  }
}

std::string rfc3339(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class RuncFormatter final : public spdlog::formatter {
 public:
  RuncFormatter(LogFormat format, std::string prefix) : format_(format), prefix_(std::move(prefix)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string message = prefix_;
    message.append(msg.payload.data(), msg.payload.size());
    const std::string line = format_runtime_log_line(format_, level_name(msg.level), message, rfc3339(msg.time));
    dest.append(line.data(), line.data() + line.size());
  }

  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<RuncFormatter>(format_, prefix_);
  }

 private:
  LogFormat format_;
  std::string prefix_;
};

/// Writes each line with one write(2) to a descriptor we own (or to stderr).
class FdSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  FdSink(UniqueFd fd, std::uint64_t max_bytes) : fd_(std::move(fd)), max_bytes_(max_bytes) {
    struct stat st {};
    if (fd_ && ::fstat(fd_.get(), &st) == 0) written_ = static_cast<std::uint64_t>(st.st_size);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    if (max_bytes_ != 0 && written_ + line.size() > max_bytes_) {
      if (full_) return;
      full_ = true;
      line.clear();
      static constexpr std::string_view kFull = "log full: the lines after this one are left out\n";
      line.append(kFull.data(), kFull.data() + kFull.size());
    }
    written_ += line.size();
    const int fd = fd_ ? fd_.get() : STDERR_FILENO;
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // nowhere left to report a failing log
      done += static_cast<std::size_t>(n);
    }
  }
  void flush_() override {}

 private:
  UniqueFd fd_;
  std::uint64_t max_bytes_;
  std::uint64_t written_ = 0;
  bool full_ = false;
};

}  // namespace

LogFormat parse_log_format(std::string_view text) {
  return text == "json" ? LogFormat::kJson : LogFormat::kText;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string format_runtime_log_line(LogFormat format, std::string_view level, std::string_view message,
                                    std::string_view time) {
  if (format == LogFormat::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    for (const auto& [key, value] : {std::pair{"level", level}, {"msg", message}, {"time", time}}) {
      w.Key(key);
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
  }
  // runc's text lines (logrus' logfmt) quote the message as JSON strings are.
  const std::string msg = json_escape(message);
  return "time=\"" + std::string(time) + "\" level=" + std::string(level) + " msg=\"" + msg + "\"\n";
}

void setup_runtime_log(const LogTarget& target, std::string_view program) {
  UniqueFd fd;
  if (!target.path.empty()) {
    fd.reset(::open(target.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0644));
    // When the log cannot be opened, runc fails on it itself; we keep to stderr.
  }
  auto sink = std::make_shared<FdSink>(std::move(fd), target.max_bytes);
  auto logger = std::make_shared<spdlog::logger>(std::string(program), std::move(sink));
  logger->set_formatter(std::make_unique<RuncFormatter>(target.format, std::string(program) + ": "));
  // runc prints nothing on stderr when all goes well, and scripts read what a
  // container prints there: without a log file, only what the caller must act on.
  const auto quiet = target.path.empty() ? spdlog::level::warn : spdlog::level::info;
  logger->set_level(target.debug ? spdlog::level::debug : quiet);
  spdlog::set_default_logger(std::move(logger));
}

void note_in_runtime_log(const std::vector<std::string>& runtime_args, std::string_view message) {
  std::vector<std::string> argv = runtime_args;
  argv.emplace_back("state");  // any command: only the global flags are wanted
  const RuntimeCommand command = parse_runtime_command(argv);
  if (command.global.log_path.empty()) return;
  const UniqueFd fd(::open(command.global.log_path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY));
  if (!fd) return;
  const std::string line = format_runtime_log_line(parse_log_format(command.global.log_format), "warning",
                                                   "seccomp-witness-monitor: " + display_text(message, 4096),
                                                   rfc3339(std::chrono::system_clock::now()));
  (void)!::write(fd.get(), line.data(), line.size());
}

}  // namespace common
