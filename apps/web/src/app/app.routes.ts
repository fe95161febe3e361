import { Routes } from '@angular/router';
import { PlayPage } from './play/play-page';

export const routes: Routes = [
  { path: '', component: PlayPage, title: 'Pixel Wars' },
  { path: 'feedback', loadComponent: () => import('./feedback/feedback-page').then((m) => m.FeedbackPage), title: 'Feedback · Pixel Wars' },
  { path: 'history', loadComponent: () => import('./history/history-page').then((m) => m.HistoryPage), title: 'History · Pixel Wars' },
  { path: '**', redirectTo: '' },
];
