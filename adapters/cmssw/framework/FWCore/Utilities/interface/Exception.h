#ifndef FWCore_Utilities_Exception_h
#define FWCore_Utilities_Exception_h
// Stand-in for CMSSW's cms::Exception: a category, a message built with operator<<, and a
// list of contexts added while the exception travels up through the framework. what()
// gives the text cmsRun prints:
//   An exception of category 'Configuration' occurred while
//      [0] Constructing the EventProcessor
//      [1] Constructing module: class=SieveScoreProducer label='sieveScores'
//   Exception Message:
//   <message>
#include <exception>
#include <list>
#include <sstream>
#include <string>

namespace cms {

  class Exception : public std::exception {
  public:
    explicit Exception(std::string const& category);
    Exception(std::string const& category, std::string const& message);
    Exception(Exception const& other);
    Exception& operator=(Exception const& other);
    ~Exception() noexcept override;

    char const* what() const noexcept override;
    std::string explainSelf() const;
    std::string const& category() const { return category_; }
    std::string message() const { return message_.str(); }
    std::list<std::string> const& context() const { return context_; }
    std::list<std::string> const& additionalInfo() const { return additionalInfo_; }

    // Contexts are printed outermost first: the framework adds outer contexts last.
    void addContext(std::string const& context) { context_.push_front(context); }
    void addAdditionalInfo(std::string const& info) { additionalInfo_.push_front(info); }

    template <typename T>
    Exception& operator<<(T const& value) {
      message_ << value;
      return *this;
    }
    Exception& operator<<(std::ostream& (*manipulator)(std::ostream&)) {
      message_ << manipulator;
      return *this;
    }

  private:
    std::string category_;
    std::ostringstream message_;
    std::list<std::string> context_;
    std::list<std::string> additionalInfo_;
    mutable std::string what_;
  };

}  // namespace cms

#endif
