import React from 'react';
import DOMPurify from 'dompurify';

export const ArticleBody: React.FC<{ html: string }> = ({ html }) => {
  return <article dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />;
};
