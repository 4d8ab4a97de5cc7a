#include "FWCore/Utilities/interface/EDMException.h"
#include "FWCore/Utilities/interface/Exception.h"

namespace cms {

  Exception::Exception(std::string const& category) : category_(category) {}

  Exception::Exception(std::string const& category, std::string const& message) : category_(category) {
    message_ << message;
    if (!message.empty() && message.back() != ' ' && message.back() != '\n') message_ << ' ';
  }

  Exception::Exception(Exception const& other)
      : std::exception(other),
        category_(other.category_),
        context_(other.context_),
        additionalInfo_(other.additionalInfo_) {
    message_ << other.message_.str();
  }

  Exception& Exception::operator=(Exception const& other) {
    if (this != &other) {
      category_ = other.category_;
      message_.str(other.message_.str());
      message_.seekp(0, std::ios::end);
      context_ = other.context_;
      additionalInfo_ = other.additionalInfo_;
    }
    return *this;
  }

  Exception::~Exception() noexcept = default;

  std::string Exception::explainSelf() const {
    std::ostringstream out;
    out << "An exception of category '" << category_ << "' occurred";
    if (context_.empty()) {
      out << ".\n";
    } else {
      out << " while\n";
      int i = 0;
      for (auto const& c : context_) out << "   [" << i++ << "] " << c << "\n";
    }
    std::string message = message_.str();
    if (!message.empty()) {
      out << "Exception Message:\n" << message;
      if (message.back() != '\n') out << "\n";
    }
    if (!additionalInfo_.empty()) {
      out << "   Additional Info:\n";
      char letter = 'a';
      for (auto const& info : additionalInfo_) out << "      [" << letter++ << "] " << info << "\n";
    }
    return out.str();
  }

  char const* Exception::what() const noexcept {
    try {
      what_ = explainSelf();
      return what_.c_str();
    } catch (...) {
      return "cms::Exception (explainSelf failed)";
    }
  }

}  // namespace cms

namespace edm {

  std::string Exception::codeToString(errors::ErrorCodes code) {
    switch (code) {
      case errors::OtherCMS: return "OtherCMS";
      case errors::StdException: return "StdException";
      case errors::Unknown: return "Unknown";
      case errors::ProductNotFound: return "ProductNotFound";
      case errors::InsertFailure: return "InsertFailure";
      case errors::Configuration: return "Configuration";
      case errors::LogicError: return "LogicError";
      case errors::UnimplementedFeature: return "UnimplementedFeature";
      case errors::FileInPathError: return "FileInPathError";
      case errors::NotFound: return "NotFound";
    }
    return "Unknown";
  }

  Exception::Exception(errors::ErrorCodes code, std::string const& message)
      : cms::Exception(codeToString(code), message), code_(code) {}

}  // namespace edm
