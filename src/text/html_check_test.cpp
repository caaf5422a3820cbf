#include "text/html_check.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

TEST(HtmlCheck, AcceptsTelegramHtml) {
  const char* valid[] = {
      "",
      "plain &amp; &lt;escaped&gt; &quot;text&quot;",
      "<b>a<i>b<u>c<s>d</s></u></i></b>",
      "<span class=\"tg-spoiler\">x</span>",
      "<a href=\"https://x.com/?a=1&amp;b=2\">x</a>",
      "<a href=\"\">empty href</a>",
      "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>",
      "<pre>x</pre><pre><code class=\"language-c++\">y</code></pre>",
      "<blockquote expandable><pre>x</pre><b>y</b></blockquote>",
      "<b></b>",
  };
  for (const char* html : valid) EXPECT_EQ(find_html_error(html), std::nullopt) << html;
}

TEST(HtmlCheck, RejectsMalformedOrMisnestedHtml) {
  const char* invalid[] = {
      "a < b",
      "a > b",
      "a & b",
      "<b>unclosed",
      "</b>",
      "<b><i>x</b></i>",
      "<p>x</p>",
      "<B>x</B>",
      "<a>x</a>",
      "<a href=x>x</a>",
      "<a href=\"x\"><a href=\"y\">x</a></a>",
      "<span>x</span>",
      "<tg-emoji emoji-id=\"0\">x</tg-emoji>",
      "<tg-emoji emoji-id=\"-1\">x</tg-emoji>",
      "<code><b>x</b></code>",
      "<b><blockquote>x</blockquote></b>",
      "<blockquote><blockquote>x</blockquote></blockquote>",
      "<b><pre>x</pre></b>",
      "<pre>x<code class=\"language-c\">y</code></pre>",
      "<code class=\"language-c\">y</code>",
      "\xff",
  };
  for (const char* html : invalid) EXPECT_NE(find_html_error(html), std::nullopt) << html;
}

}  // namespace
}  // namespace warden::text
