import { Routes } from '@angular/router';
import { PlayPage } from './play/play-page';

export const routes: Routes = [
  { path: '', component: PlayPage, title: 'title.play' },
  { path: 'feedback', loadComponent: () => import('./feedback/feedback-page').then((m) => m.FeedbackPage), title: 'title.feedback' },
  { path: 'history', loadComponent: () => import('./history/history-page').then((m) => m.HistoryPage), title: 'title.history' },
  { path: 'leaderboard', loadComponent: () => import('./leaderboard/leaderboard-page').then((m) => m.LeaderboardPage), title: 'title.leaderboard' },
  { path: 't', loadComponent: () => import('./templates/templates-page').then((m) => m.loadTemplatesPage()), title: 'title.templates' },
  { path: 't/:id', loadComponent: () => import('./templates/templates-page').then((m) => m.loadTemplatesPage()), title: 'title.templates' },
  { path: '**', redirectTo: '' },
];
