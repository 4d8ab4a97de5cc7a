#pragma once
// Stand-in for Gaudi's StatusCode: SUCCESS or FAILURE, checked with isSuccess()/isFailure(),
// chained with andThen(f) (f runs only on success), dropped explicitly with ignore().
#include <utility>

class StatusCode final {
public:
  enum class ErrorCode : int { FAILURE = 0, SUCCESS = 1 };
  static const StatusCode SUCCESS;
  static const StatusCode FAILURE;

  constexpr StatusCode() = default;
  constexpr StatusCode(ErrorCode code) : m_code(code) {}

  bool isSuccess() const { return m_code == ErrorCode::SUCCESS; }
  bool isFailure() const { return !isSuccess(); }
  explicit operator bool() const { return isSuccess(); }
  void ignore() const {}

  template <typename F>
  StatusCode andThen(F&& f) const {
    if (isFailure()) return *this;
    if constexpr (std::is_void_v<decltype(f())>) {
      std::forward<F>(f)();
      return *this;
    } else {
      return std::forward<F>(f)();
    }
  }

  bool operator==(const StatusCode&) const = default;

private:
  ErrorCode m_code = ErrorCode::SUCCESS;
};

inline const StatusCode StatusCode::SUCCESS{StatusCode::ErrorCode::SUCCESS};
inline const StatusCode StatusCode::FAILURE{StatusCode::ErrorCode::FAILURE};
