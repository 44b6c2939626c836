// The one error type of the core: an AWS error code, its message and the HTTP status AWS answers
// it with. Every module throws it; the API dispatcher turns it into the error response.
#pragma once

#include <stdexcept>
#include <string>

namespace ebw {

class AwsError : public std::runtime_error {
 public:
  AwsError(std::string code, std::string message, int httpStatus = 400)
      : std::runtime_error(message), code_(std::move(code)), httpStatus_(httpStatus) {}

  const std::string& code() const { return code_; }
  std::string message() const { return what(); }
  int httpStatus() const { return httpStatus_; }
  // 'server' for InternalException (a fault on AWS's side), 'client' for everything else.
  const char* fault() const { return httpStatus_ >= 500 ? "server" : "client"; }

 private:
  std::string code_;
  int httpStatus_;
};

// AWS's answer to a constraint violation on a request member, e.g.
// "1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: ...".
inline AwsError validationError(const std::string& message) {
  return AwsError("ValidationException", message, 400);
}

}  // namespace ebw
