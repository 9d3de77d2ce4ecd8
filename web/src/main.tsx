// The TREC dashboard (issue 12): one shell, each page its own lazily loaded chunk.
import { lazy, StrictMode, Suspense, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { takeTokenFromUrl } from './api.ts';
import { Link, useLocation } from './router.tsx';
import { Loading } from './ui.tsx';
import './styles.css';

takeTokenFromUrl();

const Portfolio = lazy(() => import('./pages/Portfolio.tsx'));
const System = lazy(() => import('./pages/System.tsx'));
const Calculator = lazy(() => import('./pages/Calculator.tsx'));
const Evaluate = lazy(() => import('./pages/Evaluate.tsx'));
const Uploads = lazy(() => import('./pages/Uploads.tsx'));
const Certificates = lazy(() => import('./pages/Certificates.tsx'));
const Evidence = lazy(() => import('./pages/Evidence.tsx'));

interface Route {
  pattern: RegExp;
  page: ComponentType<{ params: string[] }>;
}

const ROUTES: Route[] = [
  { pattern: /^\/$/, page: Portfolio },
  { pattern: /^\/systems\/([^/]+)\/evidence$/, page: Evidence },
  { pattern: /^\/systems\/([^/]+)$/, page: System },
  { pattern: /^\/calculator$/, page: Calculator },
  { pattern: /^\/formula-or-meter$/, page: Evaluate },
  { pattern: /^\/uploads$/, page: Uploads },
  { pattern: /^\/certificates$/, page: Certificates },
];

const NAV = [
  ['/', 'Portfolio'],
  ['/calculator', 'Calculator'],
  ['/formula-or-meter', 'Formula or meter?'],
  ['/uploads', 'Uploads'],
  ['/certificates', 'Certificates'],
] as const;

function NotFound() {
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{window.location.pathname}</code>. <Link href="/">Go to the portfolio</Link>
        .
      </p>
    </div>
  );
}

function Shell() {
  const { path } = useLocation();
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  const current = (href: string) =>
    href === '/' ? path === '/' || path.startsWith('/systems/') : path === href;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          TREC
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={current(href) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          {match?.m ? (
            <match.r.page key={path} params={match.m.slice(1).map(decodeURIComponent)} />
          ) : (
            <NotFound />
          )}
        </Suspense>
      </main>
      <footer className="foot muted small">
        TREC: thermal renewable energy certificates, the physics beside the certificate. Units: kWh and MWh of
        heat (1 MWh = 3.412 MMBtu), temperatures in °C, COP in W/W.
      </footer>
    </>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Shell />
    </StrictMode>,
  );
