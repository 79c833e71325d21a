import { NextRequest, NextResponse } from 'next/server';

const ALLOWED = ['/dashboard', '/settings', '/'];

export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get('to') ?? '/';
  const target = ALLOWED.includes(to) ? to : '/';
  return NextResponse.redirect(new URL(target, request.url));
}
