import React from "react";
import DOMPurify from "dompurify";
import { marked } from "marked";

export function Comment({ text }) {
  // ruleid: javascript.react-dangerous-html
  return <div dangerouslySetInnerHTML={{ __html: text }} />;
}

export function Preview({ markdown }) {
  // ruleid: javascript.react-dangerous-html
  return <div className="preview" dangerouslySetInnerHTML={{ __html: marked(markdown) }}></div>;
}

export function SafeComment({ text }) {
  // ok: javascript.react-dangerous-html
  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(text) }} />;
}

export function Static() {
  // ok: javascript.react-dangerous-html
  return <div dangerouslySetInnerHTML={{ __html: "<b>Welcome</b>" }} />;
}

export function Plain({ text }) {
  // ok: javascript.react-dangerous-html
  return <div>{text}</div>;
}
