import React from 'react';

interface Props {
  html: string;
}

export const ArticleBody: React.FC<Props> = ({ html }) => {
  return <article dangerouslySetInnerHTML={{ __html: html }} />;
};
