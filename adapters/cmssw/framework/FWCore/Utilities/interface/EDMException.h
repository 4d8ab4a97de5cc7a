#ifndef FWCore_Utilities_EDMException_h
#define FWCore_Utilities_EDMException_h
// Stand-in for edm::Exception: a cms::Exception whose category comes from an error code.
#include "FWCore/Utilities/interface/Exception.h"

#include <string>

namespace edm {

  namespace errors {
    enum ErrorCodes {
      OtherCMS = 8001,
      StdException = 8002,
      Unknown = 8003,
      ProductNotFound = 8005,
      InsertFailure = 8008,
      Configuration = 8009,
      LogicError = 8010,
      UnimplementedFeature = 8011,
      FileInPathError = 8027,
      NotFound = 8026
    };
  }  // namespace errors

  class Exception : public cms::Exception {
  public:
    explicit Exception(errors::ErrorCodes code, std::string const& message = "");
    errors::ErrorCodes categoryCode() const { return code_; }
    static std::string codeToString(errors::ErrorCodes code);

  private:
    errors::ErrorCodes code_;
  };

}  // namespace edm

#endif
